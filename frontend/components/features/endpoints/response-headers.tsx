"use client";

import { PlusIcon, Trash2Icon } from "lucide-react";
import { useFieldArray, useFormContext } from "react-hook-form";
import { useTranslation } from "react-i18next";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import type { EndpointFormValues } from "@/lib/validation/endpoint-form";

/** The response headers the mock sends: name/value pairs. */
export function ResponseHeaders() {
  const { t } = useTranslation();
  const { control, register, formState } = useFormContext<EndpointFormValues>();
  const { fields, append, remove } = useFieldArray({ control, name: "responseHeaders" });
  const errors = formState.errors.responseHeaders;
  return (
    <fieldset className="grid gap-2">
      <legend className="mb-2 text-sm font-medium">{t("endpoint.responseHeaders")}</legend>
      {errors?.root?.message || errors?.message ? <p className="text-sm text-destructive">{errors.root?.message ?? errors.message}</p> : null}
      {fields.map((field, i) => (
        <div key={field.id} className="grid gap-2 sm:grid-cols-[1fr_2fr_auto] sm:items-end">
          <Field id={`responseHeaders-${i}-name`} label={t("endpoint.headerName")} error={errors?.[i]?.name?.message}>
            {(aria) => <Input {...aria} spellCheck={false} placeholder="X-Source" {...register(`responseHeaders.${i}.name`)} />}
          </Field>
          <Field id={`responseHeaders-${i}-value`} label={t("endpoint.headerValue")}>
            {(aria) => <Input {...aria} spellCheck={false} placeholder="mock" {...register(`responseHeaders.${i}.value`)} />}
          </Field>
          <Button variant="ghost" size="icon" aria-label={t("endpoint.removeHeader", { index: i + 1 })} onClick={() => remove(i)}>
            <Trash2Icon aria-hidden="true" />
          </Button>
        </div>
      ))}
      <Button variant="outline" size="sm" className="w-fit" onClick={() => append({ name: "", value: "" })}>
        <PlusIcon aria-hidden="true" />
        {t("endpoint.addResponseHeader")}
      </Button>
    </fieldset>
  );
}
