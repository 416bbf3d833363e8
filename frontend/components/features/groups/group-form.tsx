"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useRouter } from "next/navigation";
import * as React from "react";
import { useForm } from "react-hook-form";
import { useTranslation } from "react-i18next";
import { toast } from "@/lib/toast";
import { Button } from "@/components/ui/button";
import { DialogFooter } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { Input, Textarea } from "@/components/ui/input";
import { Spinner } from "@/components/ui/spinner";
import { useCreateGroup, useUpdateGroup } from "@/hooks/queries/groups";
import { ApiError } from "@/lib/api/client";
import { applyProblem } from "@/lib/api/problem";
import type { Group } from "@/lib/api/types";
import { groupFormSchema, mapGroupField, type GroupFormValues } from "@/lib/validation/group-form";

export type GroupFormProps = ({ mode: "create" } | { mode: "edit"; group: Group }) & { onDone: () => void };

/** Name and description of a group; create opens the new group, edit sends If-Match with the version. */
export function GroupForm(props: GroupFormProps) {
  const { t } = useTranslation();
  const router = useRouter();
  const editing = props.mode === "edit";
  const group = editing ? props.group : null;
  const create = useCreateGroup();
  const update = useUpdateGroup(group?.id ?? "");
  const form = useForm<GroupFormValues>({
    resolver: zodResolver(groupFormSchema),
    mode: "onChange",
    defaultValues: { name: group?.name ?? "", description: group?.description ?? "" },
  });
  const [formError, setFormError] = React.useState<string | null>(null);
  const busy = form.formState.isSubmitting;

  async function onSubmit(values: GroupFormValues) {
    setFormError(null);
    try {
      if (group) {
        await update.mutateAsync({ ...values, namespace: group.namespace, server: group.server, version: group.version });
        toast.success(t("groups.saved", { name: values.name }));
      } else {
        const created = await create.mutateAsync(values);
        toast.success(t("groups.created", { name: created.name }));
        router.push(`/groups/${created.id}`);
      }
      props.onDone();
    } catch (error) {
      if (error instanceof ApiError && error.status === 409 && !error.problem.errors?.length) {
        form.setError("name", { type: "server", message: error.problem.detail || t("groups.duplicate") }, { shouldFocus: true });
        return;
      }
      if (error instanceof ApiError && error.status === 412) {
        setFormError(t("errors.hint.412"));
        return;
      }
      const rest = applyProblem(error, form.setError, mapGroupField);
      if (rest.length) setFormError(rest.join(" "));
    }
  }

  const errors = form.formState.errors;
  return (
    <form onSubmit={form.handleSubmit(onSubmit)} noValidate className="grid gap-4">
      <Field id="group-name" label={t("groups.name")} error={errors.name?.message} hint={t("groups.nameHint")}>
        {(aria) => <Input {...aria} autoComplete="off" spellCheck={false} placeholder="erp" {...form.register("name")} />}
      </Field>
      <Field id="group-description" label={t("groups.description")} error={errors.description?.message}>
        {(aria) => <Textarea {...aria} rows={3} {...form.register("description")} />}
      </Field>
      {formError ? (
        <p role="alert" className="text-sm text-destructive">
          {formError}
        </p>
      ) : null}
      <DialogFooter>
        <Button type="submit" disabled={busy}>
          {busy ? <Spinner /> : null}
          {editing ? t("common.save") : t("groups.create")}
        </Button>
      </DialogFooter>
    </form>
  );
}
