"use client";

import { PlusIcon, RouteIcon } from "lucide-react";
import Link from "next/link";
import { useTranslation } from "react-i18next";
import { EndpointCard } from "@/components/features/endpoints/endpoint-card";
import { Button } from "@/components/ui/button";
import { EmptyState, ErrorState } from "@/components/ui/error-state";
import { Skeleton } from "@/components/ui/skeleton";
import { useEndpoints } from "@/hooks/queries/endpoints";

/** Same height as a real card so the page does not jump when the list arrives. */
export function EndpointCardSkeleton() {
  return <Skeleton className="h-[20.75rem] w-full rounded-xl" />;
}

export function EndpointList({ groupId }: { groupId: string }) {
  const { t } = useTranslation();
  const endpoints = useEndpoints(groupId);
  if (endpoints.isPending) {
    return (
      <div className="grid gap-4 lg:grid-cols-2" aria-busy="true" aria-label={t("common.loading")}>
        <EndpointCardSkeleton />
        <EndpointCardSkeleton />
      </div>
    );
  }
  if (endpoints.isError) return <ErrorState error={endpoints.error} onRetry={() => void endpoints.refetch()} />;
  if (endpoints.data.items.length === 0) {
    return (
      <EmptyState
        icon={<RouteIcon className="size-8 text-muted-foreground" aria-hidden="true" />}
        title={t("endpoints.emptyTitle")}
        hint={t("endpoints.emptyHint")}
        action={
          <Button asChild>
            <Link href={`/groups/${groupId}/endpoints/new`}>
              <PlusIcon aria-hidden="true" />
              {t("endpoints.new")}
            </Link>
          </Button>
        }
      />
    );
  }
  return (
    <ul className="grid gap-4 lg:grid-cols-2">
      {endpoints.data.items.map((endpoint) => (
        <li key={endpoint.id}>
          <EndpointCard groupId={groupId} endpoint={endpoint} />
        </li>
      ))}
    </ul>
  );
}
