"use client";

import { ChevronDownIcon } from "lucide-react";
import { Controller, useFormContext, useWatch } from "react-hook-form";
import { useTranslation } from "react-i18next";
import { Field, FieldError } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Switch } from "@/components/ui/switch";
import { FAULTS } from "@/lib/api/types";
import type { EndpointFormValues } from "@/lib/validation/endpoint-form";

/** The chaos toggle, the two shares, and (advanced) the weight of each fault. */
export function ChaosFields() {
  const { t } = useTranslation();
  const { control, register, formState } = useFormContext<EndpointFormValues>();
  const [enabled, custom] = useWatch({ control, name: ["chaosEnabled", "customFaults"] });
  const errors = formState.errors;
  return (
    <div className="grid gap-4">
      <div className="flex items-center gap-3">
        <Controller
          control={control}
          name="chaosEnabled"
          render={({ field }) => <Switch id="chaosEnabled" checked={field.value} onCheckedChange={field.onChange} />}
        />
        <Label htmlFor="chaosEnabled">{t("chaos.enabled")}</Label>
      </div>
      <p className="text-sm text-muted-foreground">{t("chaos.hint")}</p>
      <div className="grid gap-4 sm:grid-cols-2">
        <Field id="passThrough" label={t("chaos.passThrough")} hint={t("chaos.passThroughHint")} error={errors.passThrough?.message}>
          {(aria) => <Input {...aria} type="number" step="0.05" min={0} max={1} disabled={!enabled} {...register("passThrough", { valueAsNumber: true })} />}
        </Field>
        <Field id="rate" label={t("chaos.rate")} hint={t("chaos.rateHint")} error={errors.rate?.message}>
          {(aria) => <Input {...aria} type="number" step="0.05" min={0} max={1} {...register("rate", { valueAsNumber: true })} />}
        </Field>
      </div>
      <details className="group rounded-lg border p-3" open={custom}>
        <summary className="flex cursor-pointer items-center gap-2 text-sm font-medium">
          <ChevronDownIcon className="size-4 transition-transform duration-300 group-open:rotate-180" aria-hidden="true" />
          {t("chaos.advanced")}
        </summary>
        <div className="mt-3 grid gap-3">
          <label className="flex items-center gap-2 text-sm" htmlFor="customFaults">
            <input id="customFaults" type="checkbox" className="size-4 accent-primary" {...register("customFaults")} />
            {t("chaos.customFaults")}
          </label>
          <FieldError id="faults-error" message={errors.faults?.message ?? errors.faults?.root?.message} />
          <div className="grid grid-cols-2 gap-3 sm:grid-cols-4">
            {FAULTS.map((fault) => (
              <Field key={fault} id={`fault-${fault}`} label={t(`faults.${fault}`)} error={errors.faults?.[fault]?.message}>
                {(aria) => <Input {...aria} type="number" min={0} max={1000} disabled={!custom} {...register(`faults.${fault}`, { valueAsNumber: true })} />}
              </Field>
            ))}
          </div>
        </div>
      </details>
    </div>
  );
}
