"use client";

import { PanelLeftIcon } from "lucide-react";
import { useTranslation } from "react-i18next";
import { LanguageSwitcher } from "@/components/layout/language-switcher";
import { ThemeToggle } from "@/components/layout/theme-toggle";
import { UserMenu } from "@/components/layout/user-menu";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { useApp } from "@/context/app-context";

/** Header: sidebar toggle (collapses it on wide screens, opens the drawer on small ones), language, theme, user menu. */
export function AppHeader({ drawerOpen, onToggleDrawer }: { drawerOpen: boolean; onToggleDrawer: () => void }) {
  const { t } = useTranslation();
  const { sidebarOpen, setSidebarOpen, user } = useApp();
  return (
    <header className="sticky top-0 z-10 flex h-14 items-center gap-2 border-b bg-background/95 px-4 backdrop-blur">
      <Button
        variant="ghost"
        size="icon"
        className="hidden md:inline-flex"
        aria-label={t(sidebarOpen ? "header.hideSidebar" : "header.showSidebar")}
        aria-controls="app-sidebar"
        aria-expanded={sidebarOpen}
        onClick={() => setSidebarOpen(!sidebarOpen)}
      >
        <PanelLeftIcon aria-hidden="true" />
      </Button>
      <Button
        variant="ghost"
        size="icon"
        className="md:hidden"
        aria-label={t(drawerOpen ? "header.hideSidebar" : "header.showSidebar")}
        aria-controls="app-sidebar"
        aria-expanded={drawerOpen}
        onClick={onToggleDrawer}
      >
        <PanelLeftIcon aria-hidden="true" />
      </Button>
      {user?.devMode ? <Badge variant="secondary" className="hidden sm:inline-flex">{t("auth.devBadge")}</Badge> : null}
      <div className="ml-auto flex items-center gap-1">
        <LanguageSwitcher />
        <ThemeToggle />
        <UserMenu />
      </div>
    </header>
  );
}
