/** Locale-aware numbers and dates through Intl, keyed by the active i18n language. */
export function formatNumber(value: number, language: string, options?: Intl.NumberFormatOptions): string {
  return new Intl.NumberFormat(language, options).format(value);
}

export function formatDateTime(iso: string, language: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(language, { dateStyle: "medium", timeStyle: "short" }).format(date);
}

export function formatMs(ms: number, language: string): string {
  return `${formatNumber(ms, language, { maximumFractionDigits: 1 })} ms`;
}
