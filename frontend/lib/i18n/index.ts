/**
 * react-i18next. English is bundled (it is also the fallback); other languages are fetched when
 * first chosen, so they do not weigh on every page load. Dates and numbers go through Intl with the
 * active language (see `format.ts`).
 */
import i18next from "i18next";
import { initReactI18next } from "react-i18next";
import en from "@/locales/en.json";

export const LANGUAGES = ["en", "pt-BR"] as const;
export type Language = (typeof LANGUAGES)[number];

export const i18n = i18next.createInstance();

void i18n.use(initReactI18next).init({
  resources: { en: { translation: en } },
  partialBundledLanguages: true,
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

const loaders: Record<Exclude<Language, "en">, () => Promise<{ default: Record<string, unknown> }>> = {
  "pt-BR": () => import("@/locales/pt-BR.json"),
};

/** Load a language's strings if needed, then switch to it. */
export async function switchLanguage(language: Language): Promise<void> {
  if (language !== "en" && !i18n.hasResourceBundle(language, "translation")) {
    const bundle = await loaders[language]();
    i18n.addResourceBundle(language, "translation", bundle.default, true, true);
  }
  await i18n.changeLanguage(language);
}
