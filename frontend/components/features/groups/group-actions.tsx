"use client";

import { DeleteGroupDialog } from "@/components/features/groups/delete-group-dialog";
import { GroupFormDialog } from "@/components/features/groups/group-form-dialog";
import { YamlDialog } from "@/components/features/groups/yaml-dialog";
import type { Group } from "@/lib/api/types";

/** Edit, View as YAML and Delete for a group (loaded after the first paint, like every dialog). */
export function GroupActions({ group }: { group: Group }) {
  return (
    <div className="flex flex-wrap gap-2">
      <GroupFormDialog mode="edit" group={group} />
      <YamlDialog groupId={group.id} fileName={`${group.name}.yaml`} />
      <DeleteGroupDialog group={group} />
    </div>
  );
}
