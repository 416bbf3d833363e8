"use client";

import { useTranslation } from "react-i18next";
import { StatCards } from "@/components/features/groups/stat-cards";
import { useApp } from "@/context/app-context";

export default function HomePage() {
  const { t } = useTranslation();
  const { user } = useApp();
  return (
    <div className="grid gap-6">
      <div className="grid gap-1">
        <h1 className="text-3xl font-bold">{t("home.title")}</h1>
        <p className="text-muted-foreground">{t("home.welcome", { name: user?.name || user?.email || "" })}</p>
      </div>
      <StatCards />
      <p className="text-sm text-muted-foreground">{t("home.next")}</p>
    </div>
  );
}
