"use client";

import { Trash2Icon } from "lucide-react";
import { useRouter } from "next/navigation";
import { useTranslation } from "react-i18next";
import { toast } from "@/lib/toast";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { useDeleteGroup } from "@/hooks/queries/groups";
import type { Group } from "@/lib/api/types";
import { describeError } from "@/lib/errors";

export function DeleteGroupDialog({ group }: { group: Group }) {
  const { t } = useTranslation();
  const router = useRouter();
  const remove = useDeleteGroup();
  return (
    <ConfirmDialog
      trigger={
        <Button variant="outline" size="sm" className="text-destructive">
          <Trash2Icon aria-hidden="true" />
          {t("common.delete")}
        </Button>
      }
      title={t("groups.deleteTitle", { name: group.name })}
      description={t("groups.deleteBody", { count: group.endpointCount })}
      confirmLabel={t("groups.deleteConfirm")}
      onConfirm={async () => {
        try {
          await remove.mutateAsync(group.id);
          toast.success(t("groups.deleted", { name: group.name }));
          router.replace("/");
        } catch (error) {
          const { title, hint } = describeError(error, t);
          toast.error(title, { description: hint });
          throw error;
        }
      }}
    />
  );
}
