"use client";

import { PlusIcon } from "lucide-react";
import dynamic from "next/dynamic";
import Link from "next/link";
import { useTranslation } from "react-i18next";
import { EndpointListSkeleton } from "@/components/features/endpoints/endpoint-list-skeleton";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { CopyButton } from "@/components/ui/copy-button";
import { ErrorState } from "@/components/ui/error-state";
import { Skeleton } from "@/components/ui/skeleton";
import { useEndpoints } from "@/hooks/queries/endpoints";
import { useGroup } from "@/hooks/queries/groups";
import { formatDateTime, formatNumber } from "@/lib/format";

const ActionsSkeleton = () => <Skeleton className="h-8 w-72" />;
// Dialogs and endpoint cards load after the first paint, behind skeletons of their final size.
const GroupActions = dynamic(() => import("@/components/features/groups/group-actions").then((m) => m.GroupActions), { loading: ActionsSkeleton });
const EndpointList = dynamic(() => import("@/components/features/endpoints/endpoint-list").then((m) => m.EndpointList), { loading: EndpointListSkeleton });

export function GroupDetail({ groupId }: { groupId: string }) {
  const { t, i18n } = useTranslation();
  const group = useGroup(groupId);
  useEndpoints(groupId); // start fetching the endpoints while the list's code loads
  if (group.isError) return <ErrorState error={group.error} onRetry={() => void group.refetch()} />;
  const g = group.data;
  return (
    <div className="grid gap-6">
      <div className="flex flex-wrap items-start justify-between gap-4">
        <div className="grid min-w-0 gap-1">
          {g ? <h1 className="h-9 truncate text-3xl font-bold">{g.name}</h1> : <Skeleton className="h-9 w-48" />}
          {g ? <p className="min-h-5 text-sm text-muted-foreground">{g.description || t("groups.noDescription")}</p> : <Skeleton className="h-5 w-72" />}
        </div>
        {g ? <GroupActions group={g} /> : <ActionsSkeleton />}
      </div>
      <div className="grid gap-4 md:grid-cols-[16rem_1fr]">
        <Card>
          <CardHeader>
            <CardTitle className="text-sm font-medium text-muted-foreground">{t("groups.endpointCount")}</CardTitle>
          </CardHeader>
          <CardContent>
            {g ? <p className="h-12 text-5xl font-bold tabular-nums" data-testid="endpoint-count">{formatNumber(g.endpointCount, i18n.language)}</p> : <Skeleton className="h-12 w-20" />}
          </CardContent>
        </Card>
        <Card>
          <CardHeader>
            <CardTitle className="text-sm font-medium text-muted-foreground">{t("groups.mockUrl")}</CardTitle>
          </CardHeader>
          <CardContent className="grid gap-2">
            {g ? (
              <div className="flex items-center gap-2">
                <code className="min-w-0 flex-1 truncate rounded bg-muted px-2 py-1 text-sm">{g.mockUrl}</code>
                <CopyButton value={g.mockUrl} label={t("groups.copyMockUrl")} />
              </div>
            ) : (
              <Skeleton className="h-9 w-full" />
            )}
            <p className="h-5 text-xs text-muted-foreground">{g ? t("groups.updated", { date: formatDateTime(g.updatedAt, i18n.language), source: g.source }) : null}</p>
          </CardContent>
        </Card>
      </div>
      <div className="flex items-center justify-between gap-4">
        <h2 className="text-xl font-semibold">{t("endpoints.title")}</h2>
        <Button asChild>
          <Link href={`/groups/${groupId}/endpoints/new`}>
            <PlusIcon aria-hidden="true" />
            {t("endpoints.new")}
          </Link>
        </Button>
      </div>
      <EndpointList groupId={groupId} />
    </div>
  );
}
