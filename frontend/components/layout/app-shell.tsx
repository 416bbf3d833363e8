"use client";

import { useRouter } from "next/navigation";
import * as React from "react";
import { useTranslation } from "react-i18next";
import { AppFooter } from "@/components/layout/app-footer";
import { AppHeader } from "@/components/layout/app-header";
import { AppSidebar } from "@/components/layout/app-sidebar";
import { Logo } from "@/components/layout/logo";
import { Spinner } from "@/components/ui/spinner";
import { useApp } from "@/context/app-context";

/** Signed-in layout: sidebar, header, page, footer. Anonymous visitors are sent to /login. */
export function AppShell({ children }: { children: React.ReactNode }) {
  const { t } = useTranslation();
  const router = useRouter();
  const { status, sidebarOpen } = useApp();
  // On small screens the sidebar is a drawer over the page; it is not persisted.
  const [drawerOpen, setDrawerOpen] = React.useState(false);

  React.useEffect(() => {
    if (status === "anonymous") router.replace("/login");
  }, [status, router]);

  React.useEffect(() => {
    if (!drawerOpen) return;
    const onKey = (event: KeyboardEvent) => event.key === "Escape" && setDrawerOpen(false);
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, [drawerOpen]);

  if (status !== "authenticated") {
    return (
      <div className="flex min-h-svh flex-col items-center justify-center gap-4" aria-busy="true">
        <Logo />
        <Spinner label={t("common.loading")} className="size-6" />
      </div>
    );
  }
  return (
    <div className="flex min-h-svh">
      <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:top-2 focus:left-2 focus:z-50 focus:rounded-md focus:bg-background focus:p-2">
        {t("common.skipToContent")}
      </a>
      <AppSidebar open={sidebarOpen} drawerOpen={drawerOpen} onNavigate={() => setDrawerOpen(false)} />
      {drawerOpen ? <div aria-hidden="true" className="fixed inset-0 z-30 bg-black/40 md:hidden" onClick={() => setDrawerOpen(false)} /> : null}
      <div className="flex min-w-0 flex-1 flex-col">
        <AppHeader drawerOpen={drawerOpen} onToggleDrawer={() => setDrawerOpen((v) => !v)} />
        <main id="main" className="flex-1 p-4 md:p-6">
          {children}
        </main>
        <AppFooter />
      </div>
    </div>
  );
}
