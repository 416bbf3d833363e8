"use client";

import { PencilIcon, PlusIcon } from "lucide-react";
import dynamic from "next/dynamic";
import * as React from "react";
import { useTranslation } from "react-i18next";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogHeader, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
import { Skeleton } from "@/components/ui/skeleton";
import type { Group } from "@/lib/api/types";

// The form (react-hook-form + zod) loads when the dialog first opens, not with every page.
const GroupForm = dynamic(() => import("@/components/features/groups/group-form").then((m) => m.GroupForm), {
  loading: () => <Skeleton className="h-[13.5rem] w-full" />,
});

type Props = { mode: "create" } | { mode: "edit"; group: Group };
export function GroupFormDialog(props: Props) {
  const { t } = useTranslation();
  const [open, setOpen] = React.useState(false);
  const editing = props.mode === "edit";
  return (
    <Dialog open={open} onOpenChange={setOpen}>
      <DialogTrigger asChild>
        {editing ? (
          <Button variant="outline" size="sm">
            <PencilIcon aria-hidden="true" />
            {t("groups.edit")}
          </Button>
        ) : (
          <Button className="w-full">
            <PlusIcon aria-hidden="true" />
            {t("groups.new")}
          </Button>
        )}
      </DialogTrigger>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>{editing ? t("groups.editTitle") : t("groups.newTitle")}</DialogTitle>
          <DialogDescription>{t("groups.formHint")}</DialogDescription>
        </DialogHeader>
        {open ? <GroupForm {...props} onDone={() => setOpen(false)} /> : null}
      </DialogContent>
    </Dialog>
  );
}

