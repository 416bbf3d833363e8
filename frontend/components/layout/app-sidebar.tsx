"use client";

import { FolderIcon, HomeIcon } from "lucide-react";
import dynamic from "next/dynamic";
import Link from "next/link";
import { useParams, usePathname } from "next/navigation";
import { useTranslation } from "react-i18next";
import { Logo } from "@/components/layout/logo";
import { Skeleton } from "@/components/ui/skeleton";
import { useGroups } from "@/hooks/queries/groups";
import { cn } from "@/lib/utils";

// The dialogs behind these buttons are not needed for the first paint; same-size placeholders meanwhile.
const SidebarActions = dynamic(() => import("@/components/features/groups/sidebar-actions").then((m) => m.SidebarActions), {
  loading: () => (
    <>
      <Skeleton className="h-9 w-full" />
      <Skeleton className="h-9 w-full" />
    </>
  ),
});

const linkClass =
  "flex h-9 items-center gap-2 rounded-md px-3 text-sm transition-colors duration-300 hover:bg-sidebar-accent hover:text-sidebar-accent-foreground focus-visible:ring-[3px] focus-visible:ring-ring/50 focus-visible:outline-none";

/** The persistent navigation: the logo, home, and every group (the current one highlighted). */
export function AppSidebar({ open, drawerOpen, onNavigate }: { open: boolean; drawerOpen: boolean; onNavigate: () => void }) {
  const { t } = useTranslation();
  const pathname = usePathname();
  const params = useParams<{ groupId?: string }>();
  const groups = useGroups();
  return (
    <aside
      id="app-sidebar"
      aria-label={t("sidebar.label")}
      className={cn(
        "shrink-0 border-r bg-sidebar text-sidebar-foreground transition-[width] duration-300",
        drawerOpen ? "fixed inset-y-0 left-0 z-40 block w-64 md:static" : "hidden md:block",
        open ? "md:w-64" : "md:w-0 md:overflow-hidden md:border-r-0",
      )}
      onClick={(event) => {
        if ((event.target as HTMLElement).closest("a")) onNavigate();
      }}
    >
      <div className="sticky top-0 flex h-svh w-64 flex-col">
      <div className="flex h-14 items-center border-b px-4">
        <Link href="/" className="rounded-md focus-visible:ring-[3px] focus-visible:ring-ring/50 focus-visible:outline-none">
          <Logo />
        </Link>
      </div>
      <nav aria-label={t("sidebar.navigation")} className="flex min-h-0 flex-1 flex-col gap-1 overflow-y-auto p-3">
        <Link href="/" aria-current={pathname === "/" ? "page" : undefined} className={cn(linkClass, pathname === "/" && "bg-sidebar-accent font-medium")}>
          <HomeIcon className="size-4" aria-hidden="true" />
          {t("sidebar.home")}
        </Link>
        <h2 className="mt-4 mb-1 px-3 text-xs font-semibold tracking-wide text-muted-foreground uppercase">{t("sidebar.groups")}</h2>
        {groups.isPending ? (
          <div className="flex flex-col gap-1" aria-busy="true" aria-label={t("common.loading")}>
            {[0, 1, 2].map((i) => (
              <Skeleton key={i} className="h-9 w-full" />
            ))}
          </div>
        ) : groups.isError ? (
          <p className="px-3 text-sm text-destructive">{t("sidebar.loadError")}</p>
        ) : groups.data.items.length === 0 ? (
          <p className="px-3 text-sm text-muted-foreground">{t("sidebar.empty")}</p>
        ) : (
          <ul className="flex flex-col gap-1">
            {groups.data.items.map((group) => {
              const current = params.groupId === group.id;
              return (
                <li key={group.id}>
                  <Link href={`/groups/${group.id}`} aria-current={current ? "page" : undefined} className={cn(linkClass, current && "bg-sidebar-accent font-medium text-sidebar-accent-foreground")}>
                    <FolderIcon className="size-4" aria-hidden="true" />
                    <span className="flex-1 truncate">{group.name}</span>
                    <span className="text-xs text-muted-foreground tabular-nums">{group.endpointCount}</span>
                  </Link>
                </li>
              );
            })}
          </ul>
        )}
      </nav>
      <div className="flex flex-col gap-2 border-t p-3">
        <SidebarActions />
      </div>
      </div>
    </aside>
  );
}
