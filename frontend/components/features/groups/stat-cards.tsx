"use client";

import { BoxesIcon, FolderIcon, ZapIcon } from "lucide-react";
import { useTranslation } from "react-i18next";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { ErrorState } from "@/components/ui/error-state";
import { Skeleton } from "@/components/ui/skeleton";
import { useStats } from "@/hooks/queries/stats";
import { HTTP_METHODS } from "@/lib/api/types";
import { formatNumber } from "@/lib/format";

function BigNumber({ label, value, icon, loading }: { label: string; value?: number; icon: React.ReactNode; loading: boolean }) {
  const { i18n } = useTranslation();
  return (
    <Card>
      <CardHeader className="flex-row items-center justify-between">
        <CardTitle className="text-sm font-medium text-muted-foreground">{label}</CardTitle>
        {icon}
      </CardHeader>
      <CardContent>
        {loading ? <Skeleton className="h-10 w-24" /> : <p className="h-10 text-4xl font-bold tabular-nums">{formatNumber(value ?? 0, i18n.language)}</p>}
      </CardContent>
    </Card>
  );
}

/** The home page's big numbers: groups, endpoints, chaos-enabled endpoints, and endpoints per method. */
export function StatCards() {
  const { t, i18n } = useTranslation();
  const stats = useStats();
  if (stats.isError) return <ErrorState error={stats.error} onRetry={() => void stats.refetch()} />;
  const loading = stats.isPending;
  return (
    <div className="grid gap-4">
      <div className="grid gap-4 sm:grid-cols-3">
        <BigNumber label={t("home.groups")} value={stats.data?.groups} loading={loading} icon={<FolderIcon className="size-5 text-muted-foreground" aria-hidden="true" />} />
        <BigNumber label={t("home.endpoints")} value={stats.data?.endpoints} loading={loading} icon={<BoxesIcon className="size-5 text-muted-foreground" aria-hidden="true" />} />
        <BigNumber label={t("home.chaosEnabled")} value={stats.data?.chaosEnabled} loading={loading} icon={<ZapIcon className="size-5 text-muted-foreground" aria-hidden="true" />} />
      </div>
      <Card>
        <CardHeader>
          <CardTitle>{t("home.byMethod")}</CardTitle>
        </CardHeader>
        <CardContent>
          <dl className="grid grid-cols-2 gap-4 sm:grid-cols-4 lg:grid-cols-7">
            {HTTP_METHODS.map((method) => (
              <div key={method} className="flex flex-col gap-2">
                <dt>
                  <Badge variant={method}>{method}</Badge>
                </dt>
                <dd className="h-8 text-2xl font-semibold tabular-nums">
                  {loading ? <Skeleton className="h-8 w-12" /> : formatNumber(stats.data?.byMethod?.[method] ?? 0, i18n.language)}
                </dd>
              </div>
            ))}
          </dl>
        </CardContent>
      </Card>
    </div>
  );
}
