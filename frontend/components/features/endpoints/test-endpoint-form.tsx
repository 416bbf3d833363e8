"use client";

import { SendIcon } from "lucide-react";
import * as React from "react";
import { useTranslation } from "react-i18next";
import { KeyValueList, toRecord, type KeyValue } from "@/components/features/endpoints/key-value-list";
import { TestResultView } from "@/components/features/endpoints/test-result";
import { Button } from "@/components/ui/button";
import { ErrorState } from "@/components/ui/error-state";
import { Input, Textarea } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Spinner } from "@/components/ui/spinner";
import { useTestEndpoint } from "@/hooks/queries/endpoints";
import { BODY_METHODS, type Endpoint, type ParamSpec } from "@/lib/api/types";
import { pathParameters } from "@/lib/validation/rules";

/** A value that satisfies a parameter's contract, so the first click answers normally. */
export function exampleValue(p: ParamSpec): string {
  if (p.value != null) return p.value;
  const s = (p.schema ?? {}) as Record<string, unknown>;
  if (Array.isArray(s.enum) && s.enum.length) return String(s.enum[0]);
  if (s.type === "integer" || s.type === "number") return String(typeof s.minimum === "number" ? s.minimum : 1);
  if (s.type === "boolean") return "true";
  return "test";
}

function initialRows(params: ParamSpec[] | undefined): KeyValue[] {
  return (params ?? []).filter((p) => p.required).map((p) => ({ key: p.name, value: exampleValue(p) }));
}

export function TestEndpointForm({ groupId, endpoint }: { groupId: string; endpoint: Endpoint }) {
  const { t } = useTranslation();
  const test = useTestEndpoint(groupId, endpoint.id);
  const names = pathParameters(endpoint.path);
  const [mode, setMode] = React.useState<"normal" | "chaos">("normal");
  const [pathParams, setPathParams] = React.useState<Record<string, string>>(() => Object.fromEntries(names.map((n) => [n, "1"])));
  const [query, setQuery] = React.useState<KeyValue[]>(() => initialRows(endpoint.request?.query));
  const [headers, setHeaders] = React.useState<KeyValue[]>(() => initialRows(endpoint.request?.headers));
  const [body, setBody] = React.useState(endpoint.request?.body ? "{}" : "");
  const [seed, setSeed] = React.useState("");
  const hasBody = BODY_METHODS.has(endpoint.method);

  function send(event: React.FormEvent) {
    event.preventDefault();
    test.mutate({
      mode,
      pathParams,
      query: toRecord(query),
      headers: toRecord(headers),
      body: hasBody && body ? body : null,
      seed: seed.trim() && Number.isInteger(Number(seed)) ? Number(seed) : null,
    });
  }

  return (
    <div className="grid gap-4">
      <form onSubmit={send} className="grid gap-4" aria-label={t("test.title")}>
        <fieldset className="flex flex-wrap gap-4">
          <legend className="mb-2 text-sm font-medium">{t("test.mode")}</legend>
          {(["normal", "chaos"] as const).map((m) => (
            <label key={m} htmlFor={`test-mode-${m}`} className="flex items-center gap-2 text-sm">
              <input id={`test-mode-${m}`} type="radio" name="test-mode" value={m} checked={mode === m} onChange={() => setMode(m)} className="size-4 accent-primary" />
              {t(`test.modes.${m}`)}
            </label>
          ))}
        </fieldset>
        {names.length ? (
          <fieldset className="grid gap-2 sm:grid-cols-2">
            <legend className="mb-1 text-sm font-medium">{t("test.pathParams")}</legend>
            {names.map((name) => (
              <div key={name} className="grid gap-1">
                <Label htmlFor={`test-path-${name}`}>{name}</Label>
                <Input id={`test-path-${name}`} value={pathParams[name] ?? ""} onChange={(e) => setPathParams({ ...pathParams, [name]: e.target.value })} />
              </div>
            ))}
          </fieldset>
        ) : null}
        <KeyValueList id="test-query" legend={t("test.query")} rows={query} onChange={setQuery} addLabel={t("test.addQuery")} />
        <KeyValueList id="test-headers" legend={t("test.requestHeaders")} rows={headers} onChange={setHeaders} addLabel={t("test.addHeader")} />
        {hasBody ? (
          <div className="grid gap-1">
            <Label htmlFor="test-body">{t("test.requestBody")}</Label>
            <Textarea id="test-body" rows={4} className="font-mono text-xs" spellCheck={false} value={body} onChange={(e) => setBody(e.target.value)} />
          </div>
        ) : null}
        <div className="flex flex-wrap items-end gap-3">
          <div className="grid gap-1">
            <Label htmlFor="test-seed">{t("test.seed")}</Label>
            <Input id="test-seed" inputMode="numeric" className="w-40" value={seed} onChange={(e) => setSeed(e.target.value)} placeholder={t("test.seedPlaceholder")} />
          </div>
          <Button type="submit" disabled={test.isPending} className="ml-auto">
            {test.isPending ? <Spinner /> : <SendIcon aria-hidden="true" />}
            {t("test.send")}
          </Button>
        </div>
      </form>
      <div className="min-h-24" aria-live="polite">
        {test.isError ? <ErrorState error={test.error} /> : null}
        {test.data ? <TestResultView result={test.data} /> : null}
        {!test.data && !test.isError ? <p className="text-sm text-muted-foreground">{t("test.idle")}</p> : null}
      </div>
    </div>
  );
}
