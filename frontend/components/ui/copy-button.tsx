"use client";

import { CheckIcon, CopyIcon } from "lucide-react";
import * as React from "react";
import { useTranslation } from "react-i18next";
import { toast } from "@/lib/toast";
import { Button, type ButtonProps } from "@/components/ui/button";

/** Copies `value` and confirms with a toast; the label says what is copied for screen readers. */
export function CopyButton({ value, label, children, ...props }: { value: string; label: string } & ButtonProps) {
  const { t } = useTranslation();
  const [copied, setCopied] = React.useState(false);
  async function copy() {
    try {
      await navigator.clipboard.writeText(value);
      setCopied(true);
      toast.success(t("common.copied"));
      window.setTimeout(() => setCopied(false), 1500);
    } catch {
      toast.error(t("common.copyFailed"));
    }
  }
  return (
    <Button variant="ghost" size={children ? "sm" : "icon"} aria-label={label} title={label} onClick={copy} {...props}>
      {copied ? <CheckIcon /> : <CopyIcon />}
      {children}
    </Button>
  );
}
