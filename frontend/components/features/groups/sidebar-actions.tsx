"use client";

import { GroupFormDialog } from "@/components/features/groups/group-form-dialog";
import { ImportYamlDialog } from "@/components/features/groups/import-yaml-dialog";

/** "New group" and "Import YAML" at the foot of the sidebar (loaded after the first paint). */
export function SidebarActions() {
  return (
    <>
      <GroupFormDialog mode="create" />
      <ImportYamlDialog />
    </>
  );
}
