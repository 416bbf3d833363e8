"use client";

import { PlusIcon, Trash2Icon } from "lucide-react";
import { useTranslation } from "react-i18next";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";

export interface KeyValue {
  key: string;
  value: string;
}

/** Plain name/value rows for the test request (query string and headers). */
export function KeyValueList({ id, legend, rows, onChange, addLabel }: { id: string; legend: string; rows: KeyValue[]; onChange: (rows: KeyValue[]) => void; addLabel: string }) {
  const { t } = useTranslation();
  const set = (i: number, patch: Partial<KeyValue>) => onChange(rows.map((row, j) => (j === i ? { ...row, ...patch } : row)));
  return (
    <fieldset className="grid gap-2">
      <legend className="mb-1 text-sm font-medium">{legend}</legend>
      {rows.map((row, i) => (
        <div key={i} className="grid grid-cols-[1fr_1fr_auto] items-end gap-2">
          <div className="grid gap-1">
            <Label htmlFor={`${id}-${i}-key`} className="text-xs">
              {t("test.name")}
            </Label>
            <Input id={`${id}-${i}-key`} value={row.key} spellCheck={false} onChange={(e) => set(i, { key: e.target.value })} />
          </div>
          <div className="grid gap-1">
            <Label htmlFor={`${id}-${i}-value`} className="text-xs">
              {t("test.value")}
            </Label>
            <Input id={`${id}-${i}-value`} value={row.value} spellCheck={false} onChange={(e) => set(i, { value: e.target.value })} />
          </div>
          <Button variant="ghost" size="icon" aria-label={t("test.removeRow", { name: row.key || i + 1 })} onClick={() => onChange(rows.filter((_, j) => j !== i))}>
            <Trash2Icon aria-hidden="true" />
          </Button>
        </div>
      ))}
      <Button variant="outline" size="sm" className="w-fit" onClick={() => onChange([...rows, { key: "", value: "" }])}>
        <PlusIcon aria-hidden="true" />
        {addLabel}
      </Button>
    </fieldset>
  );
}

export function toRecord(rows: KeyValue[]): Record<string, string> {
  return Object.fromEntries(rows.filter((r) => r.key.trim()).map((r) => [r.key.trim(), r.value]));
}
