/** The group form (create and edit): same rules as MockGroup's metadata.name and spec.description. */
import * as z from "zod/mini";
import { checkGroupName, msg } from "./rules";

export const groupFormSchema = z.object({
  name: z.string().check(
    z.superRefine((name, ctx) => {
      const problem = checkGroupName(name);
      if (problem) ctx.addIssue({ code: "custom", message: problem });
    }),
  ),
  description: z.string().check(z.maxLength(2000, msg("description.long"))),
});

export type GroupFormValues = z.infer<typeof groupFormSchema>;

export function mapGroupField(field: string): string | null {
  if (field === "name" || field.startsWith("metadata.name")) return "name";
  if (field === "description") return "description";
  return null;
}
