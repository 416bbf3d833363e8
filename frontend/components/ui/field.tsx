"use client";

import * as React from "react";
import { useTranslation } from "react-i18next";
import { Label } from "@/components/ui/label";
import { parseMsg } from "@/lib/validation/rules";
import { cn } from "@/lib/utils";

/** Translate a validation message: `v:` keys come from the client rules, anything else from the API. */
export function useErrorText(): (message: string | undefined) => string | undefined {
  const { t } = useTranslation();
  return (message) => {
    if (!message) return undefined;
    const parsed = parseMsg(message);
    return parsed ? t(`validation.${parsed.key}`, parsed.values ?? {}) : message;
  };
}

export function FieldError({ id, message }: { id: string; message?: string }) {
  const text = useErrorText()(message);
  if (!text) return null;
  return (
    <p id={id} role="alert" className="text-sm text-destructive">
      {text}
    </p>
  );
}

interface FieldProps {
  id: string;
  label: React.ReactNode;
  error?: string;
  hint?: React.ReactNode;
  className?: string;
  children: (aria: { id: string; "aria-invalid": boolean; "aria-describedby"?: string }) => React.ReactNode;
}

/** A labelled input with its hint and error wired through aria-describedby. */
export function Field({ id, label, error, hint, className, children }: FieldProps) {
  const describedBy = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(" ") || undefined;
  return (
    <div className={cn("grid gap-2", className)}>
      <Label htmlFor={id}>{label}</Label>
      {children({ id, "aria-invalid": Boolean(error), "aria-describedby": describedBy })}
      {hint ? (
        <p id={`${id}-hint`} className="text-xs text-muted-foreground">
          {hint}
        </p>
      ) : null}
      <FieldError id={`${id}-error`} message={error} />
    </div>
  );
}
