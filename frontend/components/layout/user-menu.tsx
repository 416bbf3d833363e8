"use client";

import { LogOutIcon, UserIcon } from "lucide-react";
import { useRouter } from "next/navigation";
import { useTranslation } from "react-i18next";
import { Badge } from "@/components/ui/badge";
import { MenuAction, MenuPopover } from "@/components/ui/menu-popover";
import { useApp } from "@/context/app-context";

export function UserMenu() {
  const { t } = useTranslation();
  const router = useRouter();
  const { user, signOut } = useApp();
  if (!user) return null;
  async function onSignOut() {
    await signOut();
    router.replace("/login");
  }
  return (
    <MenuPopover
      label={t("header.userMenu", { name: user.name || user.email })}
      trigger={
        <>
          <UserIcon aria-hidden="true" />
          <span className="hidden max-w-40 truncate sm:inline">{user.name || user.email}</span>
        </>
      }
    >
      <>
          <div className="flex flex-col gap-1 px-2 py-1.5 text-sm">
            <span className="truncate font-medium">{user.name}</span>
            <span className="truncate text-xs text-muted-foreground">{user.email}</span>
            {user.devMode ? <Badge variant="secondary">{t("auth.devBadge")}</Badge> : null}
          </div>
          <div className="-mx-1 my-1 h-px bg-border" />
          <MenuAction onClick={() => void onSignOut()}>
            <LogOutIcon aria-hidden="true" />
            {t("header.signOut")}
          </MenuAction>
      </>
    </MenuPopover>
  );
}
