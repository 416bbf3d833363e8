"use client";

import { CheckCircle2Icon } from "lucide-react";
import * as React from "react";
import { useTranslation } from "react-i18next";
import { FieldError, useErrorText } from "@/components/ui/field";
import { Textarea } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { checkSchemaText, parseJson } from "@/lib/validation/json-schema";
import { cn } from "@/lib/utils";

interface JsonEditorProps extends Omit<React.ComponentProps<"textarea">, "value" | "onChange"> {
  id: string;
  label: string;
  value: string;
  onValueChange: (value: string) => void;
  /** "schema" checks it is a JSON Schema, "json" only parses, "text" accepts anything and says whether it is JSON. */
  kind: "schema" | "json" | "text";
  error?: string;
  hint?: string;
}

/** A textarea that parses as you type and says at once whether the JSON (Schema) is valid. */
export function JsonEditor({ id, label, value, onValueChange, kind, error, hint, className, ...props }: JsonEditorProps) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const live = React.useMemo(() => {
    if (!value.trim()) return null;
    if (kind === "schema") {
      const r = checkSchemaText(value);
      return r.ok ? { ok: true, text: t("editor.validSchema") } : { ok: false, text: errorText(r.message) ?? "" };
    }
    const r = parseJson(value);
    if (kind === "text") return r.ok ? { ok: true, text: t("editor.validJson") } : { ok: true, text: t("editor.plainText") };
    return r.ok ? { ok: true, text: t("editor.validJson") } : { ok: false, text: errorText(r.message) ?? "" };
  }, [value, kind, t, errorText]);
  const showError = error ?? undefined;
  return (
    <div className="grid gap-2">
      <div className="flex items-center justify-between gap-2">
        <Label htmlFor={id}>{label}</Label>
        {value.trim() ? (
          <button
            type="button"
            className="text-xs text-muted-foreground underline-offset-4 hover:underline"
            onClick={() => {
              const r = parseJson(value);
              if (r.ok) onValueChange(JSON.stringify(r.value, null, 2));
            }}
          >
            {t("editor.format")}
          </button>
        ) : null}
      </div>
      <Textarea
        id={id}
        value={value}
        onChange={(e) => onValueChange(e.target.value)}
        spellCheck={false}
        aria-invalid={Boolean(showError) || (live !== null && !live.ok)}
        aria-describedby={`${id}-status`}
        className={cn("min-h-40 font-mono text-xs", className)}
        {...props}
      />
      <p id={`${id}-status`} aria-live="polite" className={cn("flex min-h-5 items-center gap-1 text-xs", live && !live.ok ? "text-destructive" : "text-muted-foreground")}>
        {live?.ok ? <CheckCircle2Icon className="size-3.5 text-emerald-700 dark:text-emerald-400" aria-hidden="true" /> : null}
        {live ? live.text : hint}
      </p>
      {showError && (!live || live.ok) ? <FieldError id={`${id}-error`} message={showError} /> : null}
    </div>
  );
}
