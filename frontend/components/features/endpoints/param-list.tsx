"use client";

import { PlusIcon, Trash2Icon } from "lucide-react";
import { useFieldArray, useFormContext, useWatch } from "react-hook-form";
import { useTranslation } from "react-i18next";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Input, NativeSelect } from "@/components/ui/input";
import { emptyParam, PARAM_TYPES, type EndpointFormValues } from "@/lib/validation/endpoint-form";

/**
 * The expected query parameters or request headers: each row has a name, whether it is required,
 * an exact value or a type/range/pattern, and the response (status + body) sent when it is wrong.
 */
export function ParamList({ list }: { list: "query" | "headers" }) {
  const { t } = useTranslation();
  const { control, register, formState } = useFormContext<EndpointFormValues>();
  const { fields, append, remove } = useFieldArray({ control, name: list });
  const rows = useWatch({ control, name: list });
  const errors = formState.errors[list];
  const noun = t(list === "query" ? "params.queryNoun" : "params.headerNoun");
  return (
    <div className="grid gap-3">
      {fields.length === 0 ? <p className="text-sm text-muted-foreground">{t(list === "query" ? "params.emptyQuery" : "params.emptyHeaders")}</p> : null}
      <ul className="grid gap-3">
        {fields.map((field, i) => {
          const id = `${list}-${i}`;
          const rowErrors = errors?.[i];
          const mode = rows?.[i]?.mode ?? "any";
          return (
            <li key={field.id} className="grid gap-3 rounded-lg border p-3" aria-label={t("params.row", { noun, index: i + 1 })}>
              <div className="grid gap-3 sm:grid-cols-[2fr_1fr_auto] sm:items-end">
                <Field id={`${id}-name`} label={t("params.name")} error={rowErrors?.name?.message}>
                  {(aria) => <Input {...aria} autoComplete="off" spellCheck={false} placeholder={list === "query" ? "page" : "Authorization"} {...register(`${list}.${i}.name`)} />}
                </Field>
                <Field id={`${id}-mode`} label={t("params.check")}>
                  {(aria) => (
                    <NativeSelect {...aria} {...register(`${list}.${i}.mode`)}>
                      <option value="any">{t("params.modeAny")}</option>
                      <option value="value">{t("params.modeValue")}</option>
                      <option value="schema">{t("params.modeSchema")}</option>
                    </NativeSelect>
                  )}
                </Field>
                <div className="flex h-9 items-center gap-3">
                  <label className="flex items-center gap-2 text-sm" htmlFor={`${id}-required`}>
                    <input id={`${id}-required`} type="checkbox" className="size-4 accent-primary" {...register(`${list}.${i}.required`)} />
                    {t("params.required")}
                  </label>
                  <Button variant="ghost" size="icon" aria-label={t("params.remove", { noun, index: i + 1 })} onClick={() => remove(i)}>
                    <Trash2Icon aria-hidden="true" />
                  </Button>
                </div>
              </div>
              {mode === "value" ? (
                <Field id={`${id}-value`} label={t("params.value")} error={rowErrors?.value?.message}>
                  {(aria) => <Input {...aria} autoComplete="off" {...register(`${list}.${i}.value`)} />}
                </Field>
              ) : null}
              {mode === "schema" ? (
                <div className="grid gap-3 sm:grid-cols-4">
                  <Field id={`${id}-type`} label={t("params.type")} error={rowErrors?.type?.message}>
                    {(aria) => (
                      <NativeSelect {...aria} {...register(`${list}.${i}.type`)}>
                        {PARAM_TYPES.map((type) => (
                          <option key={type} value={type}>
                            {t(`params.types.${type}`)}
                          </option>
                        ))}
                      </NativeSelect>
                    )}
                  </Field>
                  <Field id={`${id}-minimum`} label={t("params.minimum")} error={rowErrors?.minimum?.message}>
                    {(aria) => <Input {...aria} inputMode="decimal" {...register(`${list}.${i}.minimum`)} />}
                  </Field>
                  <Field id={`${id}-maximum`} label={t("params.maximum")} error={rowErrors?.maximum?.message}>
                    {(aria) => <Input {...aria} inputMode="decimal" {...register(`${list}.${i}.maximum`)} />}
                  </Field>
                  <Field id={`${id}-pattern`} label={t("params.pattern")} error={rowErrors?.pattern?.message}>
                    {(aria) => <Input {...aria} spellCheck={false} placeholder="^[0-9]+$" {...register(`${list}.${i}.pattern`)} />}
                  </Field>
                </div>
              ) : null}
              <div className="grid gap-3 sm:grid-cols-[1fr_3fr]">
                <Field id={`${id}-onErrorStatus`} label={t("params.errorStatus")} error={rowErrors?.onErrorStatus?.message}>
                  {(aria) => <Input {...aria} inputMode="numeric" placeholder="400" {...register(`${list}.${i}.onErrorStatus`)} />}
                </Field>
                <Field id={`${id}-onErrorBody`} label={t("params.errorBody")} error={rowErrors?.onErrorBody?.message}>
                  {(aria) => <Input {...aria} spellCheck={false} placeholder={t("params.errorBodyPlaceholder")} {...register(`${list}.${i}.onErrorBody`)} />}
                </Field>
              </div>
            </li>
          );
        })}
      </ul>
      <Button variant="outline" size="sm" className="w-fit" onClick={() => append(emptyParam())}>
        <PlusIcon aria-hidden="true" />
        {t(list === "query" ? "params.addQuery" : "params.addHeader")}
      </Button>
    </div>
  );
}
