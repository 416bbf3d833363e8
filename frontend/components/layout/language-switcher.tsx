"use client";

import { LanguagesIcon } from "lucide-react";
import { useTranslation } from "react-i18next";
import { useApp } from "@/context/app-context";
import { isLanguage, LANGUAGES } from "@/lib/i18n";

/** A native select: keyboard and screen-reader friendly with no extra JavaScript. */
export function LanguageSwitcher() {
  const { t } = useTranslation();
  const { language, setLanguage } = useApp();
  return (
    <div className="relative flex items-center">
      <LanguagesIcon className="pointer-events-none absolute left-2 size-4" aria-hidden="true" />
      <select
        aria-label={t("header.language")}
        value={language}
        onChange={(event) => isLanguage(event.target.value) && void setLanguage(event.target.value)}
        className="h-8 w-9 cursor-pointer appearance-none truncate rounded-md bg-transparent pr-1 pl-8 text-transparent sm:w-auto sm:pr-2 sm:text-inherit text-sm font-medium transition-colors duration-300 outline-none hover:bg-accent focus-visible:ring-[3px] focus-visible:ring-ring/50"
      >
        {LANGUAGES.map((lang) => (
          <option key={lang} value={lang} lang={lang} className="text-foreground">
            {t(`languages.${lang}`)}
          </option>
        ))}
      </select>
    </div>
  );
}
