"use client";

import { UploadIcon } from "lucide-react";
import * as React from "react";
import { useTranslation } from "react-i18next";
import { toast } from "@/lib/toast";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { Textarea } from "@/components/ui/input";
import { Spinner } from "@/components/ui/spinner";
import { useImportYaml } from "@/hooks/queries/groups";
import { ApiError } from "@/lib/api/client";
import { describeError } from "@/lib/errors";

/** Paste or load MockGroup/MockEndpoint YAML; the API applies it all or nothing. */
export function ImportYamlDialog() {
  const { t } = useTranslation();
  const [open, setOpen] = React.useState(false);
  const [text, setText] = React.useState("");
  const [errors, setErrors] = React.useState<string[]>([]);
  const importYaml = useImportYaml();

  async function onFile(event: React.ChangeEvent<HTMLInputElement>) {
    const file = event.target.files?.[0];
    if (file) setText(await file.text());
  }

  async function submit() {
    setErrors([]);
    try {
      const result = await importYaml.mutateAsync(text);
      toast.success(
        t("import.done", { created: result.created, updated: result.updated, unchanged: result.unchanged }),
      );
      setText("");
      setOpen(false);
    } catch (error) {
      if (error instanceof ApiError && error.problem.errors?.length) {
        setErrors(error.problem.errors.map((e) => (e.field ? `${e.field}: ${e.message}` : e.message)));
      } else {
        const { title, hint } = describeError(error, t);
        setErrors([title, hint]);
      }
    }
  }

  return (
    <Dialog open={open} onOpenChange={setOpen}>
      <DialogTrigger asChild>
        <Button variant="outline" className="w-full">
          <UploadIcon aria-hidden="true" />
          {t("import.open")}
        </Button>
      </DialogTrigger>
      <DialogContent className="sm:max-w-2xl">
        <DialogHeader>
          <DialogTitle>{t("import.title")}</DialogTitle>
          <DialogDescription>{t("import.hint")}</DialogDescription>
        </DialogHeader>
        <Field id="import-file" label={t("import.file")}>
          {(aria) => <input {...aria} type="file" accept=".yaml,.yml,application/yaml,text/yaml" onChange={(e) => void onFile(e)} className="text-sm" />}
        </Field>
        <Field id="import-text" label={t("import.text")}>
          {(aria) => <Textarea {...aria} aria-invalid={errors.length > 0} aria-describedby={errors.length ? "import-errors" : undefined} rows={14} className="font-mono text-xs" spellCheck={false} value={text} onChange={(e) => setText(e.target.value)} placeholder="apiVersion: mock.estoca.io/v1alpha1" />}
        </Field>
        {errors.length ? (
          <ul id="import-errors" role="alert" className="list-disc pl-5 text-sm text-destructive">
            {errors.map((e, i) => (
              <li key={i}>{e}</li>
            ))}
          </ul>
        ) : null}
        <DialogFooter>
          <Button onClick={() => void submit()} disabled={!text.trim() || importYaml.isPending}>
            {importYaml.isPending ? <Spinner /> : null}
            {t("import.submit")}
          </Button>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}
