/**
 * Turns an API failure into a message that says what went wrong and how to fix it, in the user's
 * language. The API's own `detail` (already localised via Accept-Language) is kept when present.
 */
import type { TFunction } from "i18next";
import { ApiError } from "@/lib/api/client";

export function describeError(error: unknown, t: TFunction): { title: string; hint: string } {
  if (error instanceof ApiError) {
    const hintKey = `errors.hint.${error.status}`;
    const hint = t(hintKey, { defaultValue: t("errors.hint.default") });
    return { title: error.problem.detail || error.problem.title || t("errors.unknown"), hint };
  }
  if (error instanceof TypeError) return { title: t("errors.network"), hint: t("errors.hint.network") };
  return { title: error instanceof Error ? error.message : t("errors.unknown"), hint: t("errors.hint.default") };
}
