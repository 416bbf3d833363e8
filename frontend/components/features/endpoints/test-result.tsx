"use client";

import { useTranslation } from "react-i18next";
import { Badge } from "@/components/ui/badge";
import type { TestResult } from "@/lib/api/types";
import { formatMs } from "@/lib/format";
import { cn } from "@/lib/utils";

export function prettyBody(body: string): string {
  try {
    return JSON.stringify(JSON.parse(body), null, 2);
  } catch {
    return body;
  }
}

/** What the mock answered: status, time, chaos fault, headers and the pretty-printed body. */
export function TestResultView({ result }: { result: TestResult }) {
  const { t, i18n } = useTranslation();
  const ok = result.status != null && result.status >= 200 && result.status < 400;
  return (
    <section aria-label={t("test.result")} className="grid gap-3" data-testid="test-result">
      <dl className="flex flex-wrap items-center gap-x-6 gap-y-2 text-sm">
        <div className="flex items-center gap-2">
          <dt className="text-muted-foreground">{t("test.status")}</dt>
          <dd>
            <Badge data-testid="test-status" className={cn(ok ? "bg-emerald-700" : "bg-red-700", "text-white")}>
              {result.status ?? "—"}
            </Badge>
          </dd>
        </div>
        <div className="flex items-center gap-2">
          <dt className="text-muted-foreground">{t("test.time")}</dt>
          <dd className="tabular-nums">{formatMs(result.elapsedMs, i18n.language)}</dd>
        </div>
        <div className="flex items-center gap-2">
          <dt className="text-muted-foreground">{t("test.fault")}</dt>
          <dd data-testid="test-fault">{result.fault ? <Badge variant="destructive">{t(`faults.${result.fault}`)}</Badge> : t("test.noFault")}</dd>
        </div>
        <div className="flex items-center gap-2">
          <dt className="text-muted-foreground">{t("test.outcome")}</dt>
          <dd>{t(`test.outcomes.${result.outcome}`)}</dd>
        </div>
      </dl>
      <p className="truncate font-mono text-xs text-muted-foreground" title={result.url}>
        {result.url}
      </p>
      <details>
        <summary className="cursor-pointer text-sm font-medium">{t("test.headers", { count: result.headers.length })}</summary>
        <table className="mt-2 w-full text-left font-mono text-xs">
          <thead className="sr-only">
            <tr>
              <th>{t("test.name")}</th>
              <th>{t("test.value")}</th>
            </tr>
          </thead>
          <tbody>
            {result.headers.map(([name, value], i) => (
              <tr key={i} className="border-b last:border-0">
                <td className="py-1 pr-3 align-top font-semibold">{name}</td>
                <td className="py-1 break-all">{value}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
      <div className="grid gap-1">
        <h3 className="text-sm font-medium">{t("test.body")}</h3>
        <pre tabIndex={0} aria-label={t("test.body")} data-testid="test-body" className="max-h-72 overflow-auto rounded-md bg-muted p-3 font-mono text-xs whitespace-pre-wrap">
          {result.bodyIsBinary ? t("test.binary") : result.body ? prettyBody(result.body) : t("test.emptyBody")}
        </pre>
      </div>
    </section>
  );
}
