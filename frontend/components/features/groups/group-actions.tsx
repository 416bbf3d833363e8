"use client";

import { useTranslation } from "react-i18next";
import { DeleteGroupDialog } from "@/components/features/groups/delete-group-dialog";
import { GroupFormDialog } from "@/components/features/groups/group-form-dialog";
import { YamlDialog } from "@/components/features/groups/yaml-dialog";
import { CopyButton } from "@/components/ui/copy-button";
import { useEndpoints } from "@/hooks/queries/endpoints";
import type { Group } from "@/lib/api/types";
import { groupCurl } from "@/lib/curl";

/** Edit, View as YAML, Copy as curl and Delete for a group (loaded after the first paint, like every dialog). */
export function GroupActions({ group }: { group: Group }) {
  const { t } = useTranslation();
  const endpoints = useEndpoints(group.id);
  const items = endpoints.data?.items ?? [];
  return (
    <div className="flex flex-wrap gap-2">
      <GroupFormDialog mode="edit" group={group} />
      <YamlDialog groupId={group.id} fileName={`${group.name}.yaml`} />
      <CopyButton value={groupCurl(items)} label={t("groups.copyCurl")} variant="outline" disabled={items.length === 0}>
        curl
      </CopyButton>
      <DeleteGroupDialog group={group} />
    </div>
  );
}
