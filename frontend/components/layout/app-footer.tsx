"use client";

import { useTranslation } from "react-i18next";

export function AppFooter() {
  const { t } = useTranslation();
  const year = new Date().getFullYear();
  return (
    <footer className="flex flex-col gap-2 border-t px-6 py-4 text-sm text-muted-foreground md:flex-row md:items-center md:justify-between">
      <p>
        {t("footer.contact")}{" "}
        <a className="underline underline-offset-4 hover:text-foreground" href="mailto:mock-api@estoca.io">
          mock-api@estoca.io
        </a>
      </p>
      <nav aria-label={t("footer.links")} className="flex flex-wrap gap-4">
        <a className="underline-offset-4 hover:text-foreground hover:underline" href="/docs">
          {t("footer.apiDocs")}
        </a>
        <a className="underline-offset-4 hover:text-foreground hover:underline" href="/redoc">
          {t("footer.redoc")}
        </a>
        <a className="underline-offset-4 hover:text-foreground hover:underline" href="/openapi.json">
          {t("footer.openapi")}
        </a>
      </nav>
      <p>{t("footer.copyright", { year })}</p>
    </footer>
  );
}
