/**
 * react-i18next with both locales bundled (they are small), so switching language never waits on
 * the network. Dates and numbers go through Intl with the active language (see `format.ts`).
 */
import i18next from "i18next";
import { initReactI18next } from "react-i18next";
import en from "@/locales/en.json";
import ptBR from "@/locales/pt-BR.json";

export const LANGUAGES = ["en", "pt-BR"] as const;
export type Language = (typeof LANGUAGES)[number];

export const i18n = i18next.createInstance();

void i18n.use(initReactI18next).init({
  resources: { en: { translation: en }, "pt-BR": { translation: ptBR } },
  lng: "en",
  fallbackLng: "en",
  supportedLngs: [...LANGUAGES],
  interpolation: { escapeValue: false },
  returnNull: false,
  initAsync: false,
});

export function isLanguage(value: unknown): value is Language {
  return typeof value === "string" && (LANGUAGES as readonly string[]).includes(value);
}
