"use client";

import { ArrowLeftIcon } from "lucide-react";
import dynamic from "next/dynamic";
import Link from "next/link";
import { useTranslation } from "react-i18next";
import { ErrorState } from "@/components/ui/error-state";
import { Skeleton } from "@/components/ui/skeleton";
import { useEndpoint } from "@/hooks/queries/endpoints";
import { useGroup } from "@/hooks/queries/groups";

function FormSkeleton() {
  return (
    <div className="grid gap-6" aria-busy="true">
      <Skeleton className="h-56 w-full rounded-xl" />
      <Skeleton className="h-96 w-full rounded-xl" />
    </div>
  );
}

// The form's code loads while the group (and endpoint) are fetched, behind the same skeleton.
const EndpointForm = dynamic(() => import("@/components/features/endpoints/endpoint-form").then((m) => m.EndpointForm), { loading: FormSkeleton });

/** The create/edit page: waits for the group (and the endpoint when editing) before showing the form. */
export function EndpointFormPage({ groupId, endpointId }: { groupId: string; endpointId?: string }) {
  const { t } = useTranslation();
  const group = useGroup(groupId);
  const endpoint = useEndpoint(groupId, endpointId ?? "");
  const error = group.error ?? (endpointId ? endpoint.error : null);
  const ready = group.data && (!endpointId || endpoint.data);
  return (
    <div className="mx-auto grid max-w-4xl gap-6">
      <div className="grid gap-2">
        <Link href={`/groups/${groupId}`} className="flex w-fit items-center gap-1 text-sm text-muted-foreground hover:text-foreground">
          <ArrowLeftIcon className="size-4" aria-hidden="true" />
          {group.data ? t("endpoint.backTo", { group: group.data.name }) : t("common.back")}
        </Link>
        <h1 className="text-3xl font-bold">{t(endpointId ? "endpoint.editTitle" : "endpoint.newTitle")}</h1>
      </div>
      {error ? (
        <ErrorState error={error} />
      ) : ready ? (
        <EndpointForm groupId={groupId} groupName={group.data.name} endpoint={endpointId ? endpoint.data : undefined} />
      ) : (
        <FormSkeleton />
      )}
    </div>
  );
}
