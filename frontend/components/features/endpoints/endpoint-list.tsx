"use client";

import { PlusIcon, RouteIcon } from "lucide-react";
import Link from "next/link";
import { useTranslation } from "react-i18next";
import { EndpointCard } from "@/components/features/endpoints/endpoint-card";
import { Button } from "@/components/ui/button";
import { EmptyState, ErrorState } from "@/components/ui/error-state";
import { EndpointListSkeleton } from "@/components/features/endpoints/endpoint-list-skeleton";
import { useEndpoints } from "@/hooks/queries/endpoints";

export function EndpointList({ groupId }: { groupId: string }) {
  const { t } = useTranslation();
  const endpoints = useEndpoints(groupId);
  if (endpoints.isPending) return <EndpointListSkeleton />;
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
