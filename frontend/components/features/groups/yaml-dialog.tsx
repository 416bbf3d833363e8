"use client";

import { DownloadIcon, FileCodeIcon } from "lucide-react";
import * as React from "react";
import { useTranslation } from "react-i18next";
import { Button } from "@/components/ui/button";
import { CopyButton } from "@/components/ui/copy-button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
import { ErrorState } from "@/components/ui/error-state";
import { Skeleton } from "@/components/ui/skeleton";
import { useGroupYaml } from "@/hooks/queries/groups";

/** Pick the documents of one endpoint (by metadata.name) out of the group's multi-document export. */
export function selectDocument(yaml: string, endpointName: string): string {
  const docs = yaml.split(/^---\s*$/m).map((d) => d.trim()).filter(Boolean);
  const match = docs.find((d) => /kind:\s*MockEndpoint/.test(d) && new RegExp(`^\\s+name:\\s*['"]?${endpointName}['"]?\\s*$`, "m").test(d));
  return match ? `${match}\n` : yaml;
}

/** "View as YAML": the resources exactly as kubectl / estoca-mock apply take them, with copy and download. */
export function YamlDialog({ groupId, fileName, endpointName, compact }: { groupId: string; fileName: string; endpointName?: string; compact?: boolean }) {
  const { t } = useTranslation();
  const [open, setOpen] = React.useState(false);
  const query = useGroupYaml(groupId, open);
  const text = query.data ? (endpointName ? selectDocument(query.data, endpointName) : query.data) : "";

  function download() {
    const url = URL.createObjectURL(new Blob([text], { type: "application/yaml" }));
    const a = document.createElement("a");
    a.href = url;
    a.download = fileName;
    a.click();
    URL.revokeObjectURL(url);
  }

  return (
    <Dialog open={open} onOpenChange={setOpen}>
      <DialogTrigger asChild>
        <Button variant="outline" size="sm">
          <FileCodeIcon aria-hidden="true" />
          {compact ? <span className="sr-only">{t("yaml.view")}</span> : t("yaml.view")}
        </Button>
      </DialogTrigger>
      <DialogContent className="sm:max-w-3xl">
        <DialogHeader>
          <DialogTitle>{t("yaml.title")}</DialogTitle>
          <DialogDescription>{t("yaml.hint")}</DialogDescription>
        </DialogHeader>
        {query.isPending ? (
          <Skeleton className="h-96 w-full" />
        ) : query.isError ? (
          <ErrorState error={query.error} onRetry={() => void query.refetch()} />
        ) : (
          <pre tabIndex={0} aria-label={t("yaml.title")} className="h-96 overflow-auto rounded-md bg-muted p-3 font-mono text-xs">
            {text}
          </pre>
        )}
        <DialogFooter>
          <CopyButton value={text} label={t("yaml.copy")} variant="outline" disabled={!text}>
            {t("yaml.copy")}
          </CopyButton>
          <Button variant="outline" size="sm" onClick={download} disabled={!text}>
            <DownloadIcon aria-hidden="true" />
            {t("yaml.download")}
          </Button>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}
