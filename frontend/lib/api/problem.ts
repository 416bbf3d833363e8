/**
 * Maps RFC 7807 `errors[].field` paths (dot paths relative to the request body, camelCase) onto the
 * UI forms' field names, so a server-side rule the client did not catch still lands on its input.
 */
import type { FieldValues, Path, UseFormSetError } from "react-hook-form";
import { ApiError } from "./client";
import type { ProblemFieldError } from "./types";

export type FieldMapper = (field: string) => string | null;

/** Strip a leading `spec.` or `body.` so import/wrapped paths and plain paths look alike. */
export function normaliseField(field: string): string {
  return field.replace(/^(body|spec)\./, "").replace(/\[(\d+)\]/g, ".$1");
}

/** Put each field error on its input; returns the messages that matched no input. */
export function applyProblem<T extends FieldValues>(
  error: unknown,
  setError: UseFormSetError<T>,
  mapField: FieldMapper,
): string[] {
  if (!(error instanceof ApiError)) return [error instanceof Error ? error.message : String(error)];
  const unmatched: string[] = [];
  const fieldErrors: ProblemFieldError[] = error.problem.errors ?? [];
  const seen = new Set<string>();
  for (const fe of fieldErrors) {
    const target = mapField(normaliseField(fe.field));
    if (target && !seen.has(target)) {
      seen.add(target);
      setError(target as Path<T>, { type: "server", message: fe.message }, { shouldFocus: seen.size === 1 });
    } else if (!target) {
      unmatched.push(fe.field ? `${fe.field}: ${fe.message}` : fe.message);
    }
  }
  if (fieldErrors.length === 0) unmatched.push(error.message);
  return unmatched;
}
