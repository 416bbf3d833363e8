"use client";

import { PencilIcon, Trash2Icon } from "lucide-react";
import Link from "next/link";
import { useTranslation } from "react-i18next";
import { toast } from "@/lib/toast";
import { YamlDialog } from "@/components/features/groups/yaml-dialog";
import { TestEndpointDialog } from "@/components/features/endpoints/test-endpoint-dialog";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardFooter, CardHeader } from "@/components/ui/card";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { CopyButton } from "@/components/ui/copy-button";
import { useDeleteEndpoint } from "@/hooks/queries/endpoints";
import type { Endpoint } from "@/lib/api/types";
import { endpointCurl } from "@/lib/curl";
import { describeError } from "@/lib/errors";

function responsePreview(endpoint: Endpoint): string {
  const r = endpoint.response;
  if (r?.schema) return JSON.stringify(r.schema);
  if (r?.body) return r.body;
  return "";
}

function UrlRow({ label, url }: { label: string; url: string }) {
  const { t } = useTranslation();
  return (
    <div className="flex min-w-0 items-center gap-2">
      <span className="w-14 shrink-0 text-xs text-muted-foreground">{label}</span>
      <code className="min-w-0 flex-1 truncate rounded bg-muted px-2 py-1 text-xs" title={url}>
        {url}
      </code>
      <CopyButton value={url} label={t("endpoints.copyUrl", { what: label })} className="size-8" />
    </div>
  );
}

export function EndpointCard({ groupId, endpoint }: { groupId: string; endpoint: Endpoint }) {
  const { t } = useTranslation();
  const remove = useDeleteEndpoint(groupId);
  const preview = responsePreview(endpoint);
  const title = endpoint.name;
  return (
    <Card data-testid="endpoint-card" aria-labelledby={`endpoint-${endpoint.id}-title`}>
      <CardHeader className="gap-2">
        <div className="flex flex-wrap items-center gap-2">
          <Badge variant={endpoint.method}>{endpoint.method}</Badge>
          <code className="min-w-0 flex-1 truncate text-sm font-semibold">{endpoint.path}</code>
          <Badge variant="outline" aria-label={t("endpoints.statusLabel", { status: endpoint.response?.status })}>
            {endpoint.response?.status}
          </Badge>
          {endpoint.chaos?.enabled ? <Badge variant="secondary">{t("endpoints.chaosOn")}</Badge> : null}
        </div>
        <h3 id={`endpoint-${endpoint.id}-title`} className="text-sm font-medium">
          {title}
        </h3>
        <p className="line-clamp-2 h-10 text-sm text-muted-foreground">{endpoint.description || t("endpoints.noDescription")}</p>
      </CardHeader>
      <CardContent className="grid gap-2">
        <div className="grid gap-1">
          <span className="text-xs text-muted-foreground">{endpoint.response?.schema ? t("endpoints.previewSchema") : t("endpoints.previewBody")}</span>
          <pre className="line-clamp-3 h-[4.75rem] overflow-hidden rounded-md bg-muted p-2 font-mono text-xs leading-5 break-all whitespace-pre-wrap">{preview || t("endpoints.emptyBody")}</pre>
        </div>
        <UrlRow label={t("endpoints.mockUrl")} url={endpoint.mockUrl} />
        <UrlRow label={t("endpoints.chaosUrl")} url={endpoint.chaosUrl} />
      </CardContent>
      <CardFooter className="flex-wrap">
        <TestEndpointDialog groupId={groupId} endpoint={endpoint} />
        <Button asChild variant="outline" size="sm">
          <Link href={`/groups/${groupId}/endpoints/${endpoint.id}/edit`}>
            <PencilIcon aria-hidden="true" />
            {t("common.edit")}
          </Link>
        </Button>
        <CopyButton value={endpointCurl(endpoint)} label={t("endpoints.copyCurl")} variant="outline">
          curl
        </CopyButton>
        <YamlDialog groupId={groupId} endpointName={endpoint.name} fileName={`${endpoint.name}.yaml`} compact />
        <ConfirmDialog
          trigger={
            <Button variant="ghost" size="sm" className="ml-auto text-destructive">
              <Trash2Icon aria-hidden="true" />
              {t("common.delete")}
            </Button>
          }
          title={t("endpoints.deleteTitle", { name: title })}
          description={t("endpoints.deleteBody", { method: endpoint.method, path: endpoint.path })}
          confirmLabel={t("endpoints.deleteConfirm")}
          onConfirm={async () => {
            try {
              await remove.mutateAsync(endpoint.id);
              toast.success(t("endpoints.deleted", { name: title }));
            } catch (error) {
              const { title: message, hint } = describeError(error, t);
              toast.error(message, { description: hint });
              throw error;
            }
          }}
        />
      </CardFooter>
    </Card>
  );
}
