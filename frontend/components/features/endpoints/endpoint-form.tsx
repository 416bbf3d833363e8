"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useRouter } from "next/navigation";
import * as React from "react";
import { Controller, FormProvider, useForm, useWatch } from "react-hook-form";
import { useTranslation } from "react-i18next";
import { toast } from "@/lib/toast";
import { ChaosFields } from "@/components/features/endpoints/chaos-fields";
import { JsonEditor } from "@/components/features/endpoints/json-editor";
import { ParamList } from "@/components/features/endpoints/param-list";
import { ResponseHeaders } from "@/components/features/endpoints/response-headers";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Field, FieldError } from "@/components/ui/field";
import { Input, NativeSelect, Textarea } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Spinner } from "@/components/ui/spinner";
import { Switch } from "@/components/ui/switch";
import { useSaveEndpoint } from "@/hooks/queries/endpoints";
import { ApiError } from "@/lib/api/client";
import { applyProblem } from "@/lib/api/problem";
import { BODY_METHODS, HTTP_METHODS, type Endpoint } from "@/lib/api/types";
import { endpointFormSchema, endpointToForm, emptyEndpointForm, formToEndpointIn, mapEndpointField, type EndpointFormValues } from "@/lib/validation/endpoint-form";

function Section({ title, description, children }: { title: string; description?: string; children: React.ReactNode }) {
  return (
    <Card>
      <CardHeader>
        <CardTitle>{title}</CardTitle>
        {description ? <CardDescription>{description}</CardDescription> : null}
      </CardHeader>
      <CardContent className="grid gap-4">{children}</CardContent>
    </Card>
  );
}

interface EndpointFormProps {
  groupId: string;
  groupName: string;
  endpoint?: Endpoint;
  /** Called after a successful save; defaults to going back to the group page. */
  onSaved?: (endpoint: Endpoint) => void;
}

/** Create or edit an endpoint. Validates as you type with the server's rules; API field errors land on their inputs. */
export function EndpointForm({ groupId, groupName, endpoint, onSaved }: EndpointFormProps) {
  const { t } = useTranslation();
  const router = useRouter();
  const save = useSaveEndpoint(groupId, endpoint?.id);
  const form = useForm<EndpointFormValues>({
    resolver: zodResolver(endpointFormSchema),
    mode: "onChange",
    defaultValues: endpoint ? endpointToForm(endpoint) : emptyEndpointForm(),
  });
  const { register, control, formState, handleSubmit, setError } = form;
  const [formErrors, setFormErrors] = React.useState<string[]>([]);
  const [method, responseKind, bodyEnabled] = useWatch({ control, name: ["method", "responseKind", "bodyEnabled"] });
  const errors = formState.errors;
  const bodyAllowed = BODY_METHODS.has(method);

  async function onSubmit(values: EndpointFormValues) {
    setFormErrors([]);
    try {
      // Editing keeps the resource's name (its identity for kubectl), even when the path changes.
      const body = endpoint ? { ...formToEndpointIn(values), name: endpoint.name } : formToEndpointIn(values);
      const saved = await save.mutateAsync(body);
      toast.success(t(endpoint ? "endpoint.saved" : "endpoint.created", { name: saved.name }));
      if (onSaved) onSaved(saved);
      else router.push(`/groups/${groupId}`);
    } catch (error) {
      if (error instanceof ApiError && error.status === 409 && !error.problem.errors?.length) {
        setError("path", { type: "server", message: error.problem.detail || t("endpoint.duplicate") }, { shouldFocus: true });
        return;
      }
      const rest = applyProblem(error, setError, (field) => mapEndpointField(field, values));
      setFormErrors(rest);
      if (rest.length) toast.error(t("endpoint.saveFailed"));
    }
  }

  return (
    <FormProvider {...form}>
      <form onSubmit={handleSubmit(onSubmit)} noValidate className="grid gap-6" aria-label={t(endpoint ? "endpoint.editTitle" : "endpoint.newTitle")}>
        <Section title={t("endpoint.requestSection")} description={t("endpoint.requestSectionHint", { group: groupName })}>
          <div className="grid gap-4 sm:grid-cols-[10rem_1fr]">
            <Field id="method" label={t("endpoint.method")} error={errors.method?.message}>
              {(aria) => (
                <NativeSelect {...aria} {...register("method")}>
                  {HTTP_METHODS.map((m) => (
                    <option key={m} value={m}>
                      {m}
                    </option>
                  ))}
                </NativeSelect>
              )}
            </Field>
            <Field id="path" label={t("endpoint.path")} error={errors.path?.message} hint={t("endpoint.pathHint")}>
              {(aria) => <Input {...aria} autoComplete="off" spellCheck={false} placeholder="/orders/{orderId}" {...register("path")} />}
            </Field>
          </div>
          <Field id="description" label={t("endpoint.description")} error={errors.description?.message}>
            {(aria) => <Textarea {...aria} rows={2} {...register("description")} />}
          </Field>
        </Section>

        <Section title={t("endpoint.responseSection")} description={t("endpoint.responseSectionHint")}>
          <div className="grid gap-4 sm:grid-cols-3">
            <Field id="status" label={t("endpoint.status")} error={errors.status?.message}>
              {(aria) => <Input {...aria} type="number" min={100} max={599} {...register("status", { valueAsNumber: true })} />}
            </Field>
            <Field id="delayMin" label={t("endpoint.delayMin")} error={errors.delayMin?.message}>
              {(aria) => <Input {...aria} type="number" min={0} {...register("delayMin", { valueAsNumber: true })} />}
            </Field>
            <Field id="delayMax" label={t("endpoint.delayMax")} error={errors.delayMax?.message}>
              {(aria) => <Input {...aria} type="number" min={0} {...register("delayMax", { valueAsNumber: true })} />}
            </Field>
          </div>
          <ResponseHeaders />
          <fieldset className="grid gap-2">
            <legend className="mb-2 text-sm font-medium">{t("endpoint.responseKind")}</legend>
            <div className="flex flex-wrap gap-4">
              {(["body", "schema", "none"] as const).map((kind) => (
                <label key={kind} className="flex items-center gap-2 text-sm" htmlFor={`responseKind-${kind}`}>
                  <input id={`responseKind-${kind}`} type="radio" value={kind} className="size-4 accent-primary" {...register("responseKind")} />
                  {t(`endpoint.kind.${kind}`)}
                </label>
              ))}
            </div>
          </fieldset>
          {responseKind === "body" ? (
            <Controller
              control={control}
              name="responseBody"
              render={({ field }) => (
                <JsonEditor id="responseBody" label={t("endpoint.responseBody")} kind="text" value={field.value} onValueChange={field.onChange} onBlur={field.onBlur} error={errors.responseBody?.message} hint={t("endpoint.responseBodyHint")} />
              )}
            />
          ) : null}
          {responseKind === "schema" ? (
            <Controller
              control={control}
              name="responseSchema"
              render={({ field }) => (
                <JsonEditor id="responseSchema" label={t("endpoint.responseSchema")} kind="schema" value={field.value} onValueChange={field.onChange} onBlur={field.onBlur} error={errors.responseSchema?.message} hint={t("endpoint.responseSchemaHint")} />
              )}
            />
          ) : null}
        </Section>

        <Section title={t("endpoint.querySection")} description={t("endpoint.querySectionHint")}>
          <ParamList list="query" />
        </Section>

        <Section title={t("endpoint.headersSection")} description={t("endpoint.headersSectionHint")}>
          <ParamList list="headers" />
        </Section>

        <Section title={t("endpoint.bodySection")} description={t(bodyAllowed ? "endpoint.bodySectionHint" : "endpoint.bodyNotAllowed", { method })}>
          <div className="flex items-center gap-3">
            <Controller
              control={control}
              name="bodyEnabled"
              render={({ field }) => <Switch id="bodyEnabled" checked={field.value} onCheckedChange={field.onChange} disabled={!bodyAllowed && !field.value} aria-describedby="bodyEnabled-error" />}
            />
            <Label htmlFor="bodyEnabled">{t("endpoint.bodyEnabled")}</Label>
          </div>
          <FieldError id="bodyEnabled-error" message={errors.bodyEnabled?.message} />
          {bodyEnabled ? (
            <>
              <label className="flex items-center gap-2 text-sm" htmlFor="bodyRequired">
                <input id="bodyRequired" type="checkbox" className="size-4 accent-primary" {...register("bodyRequired")} />
                {t("endpoint.bodyRequired")}
              </label>
              <Controller
                control={control}
                name="bodySchema"
                render={({ field }) => (
                  <JsonEditor id="bodySchema" label={t("endpoint.bodySchema")} kind="schema" value={field.value} onValueChange={field.onChange} onBlur={field.onBlur} error={errors.bodySchema?.message} hint={t("endpoint.bodySchemaHint")} />
                )}
              />
              <div className="grid gap-3 sm:grid-cols-[1fr_3fr]">
                <Field id="bodyOnErrorStatus" label={t("params.errorStatus")} error={errors.bodyOnErrorStatus?.message}>
                  {(aria) => <Input {...aria} inputMode="numeric" placeholder="422" {...register("bodyOnErrorStatus")} />}
                </Field>
                <Field id="bodyOnErrorBody" label={t("params.errorBody")} error={errors.bodyOnErrorBody?.message}>
                  {(aria) => <Input {...aria} spellCheck={false} placeholder={t("params.errorBodyPlaceholder")} {...register("bodyOnErrorBody")} />}
                </Field>
              </div>
            </>
          ) : null}
        </Section>

        <Section title={t("endpoint.chaosSection")}>
          <ChaosFields />
        </Section>

        {formErrors.length ? (
          <div role="alert" className="rounded-lg border border-destructive/40 bg-destructive/5 p-4 text-sm text-destructive">
            <p className="font-medium">{t("endpoint.saveFailed")}</p>
            <ul className="list-disc pl-5">
              {formErrors.map((e, i) => (
                <li key={i}>{e}</li>
              ))}
            </ul>
          </div>
        ) : null}
        <div className="flex justify-end gap-2">
          <Button variant="outline" onClick={() => router.push(`/groups/${groupId}`)}>
            {t("common.cancel")}
          </Button>
          <Button type="submit" disabled={formState.isSubmitting}>
            {formState.isSubmitting ? <Spinner /> : null}
            {t(endpoint ? "common.save" : "endpoint.create")}
          </Button>
        </div>
      </form>
    </FormProvider>
  );
}
