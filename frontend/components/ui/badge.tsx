import { cva, type VariantProps } from "class-variance-authority";
import * as React from "react";
import { cn } from "@/lib/utils";

export const badgeVariants = cva(
  "inline-flex w-fit shrink-0 items-center justify-center gap-1 rounded-md border px-2 py-0.5 text-xs font-semibold whitespace-nowrap",
  {
    variants: {
      variant: {
        default: "border-transparent bg-primary text-primary-foreground",
        secondary: "border-transparent bg-secondary text-secondary-foreground",
        outline: "text-foreground",
        destructive: "border-transparent bg-destructive text-white",
        GET: "border-transparent bg-emerald-700 text-white",
        POST: "border-transparent bg-blue-700 text-white",
        PUT: "border-transparent bg-amber-800 text-white",
        PATCH: "border-transparent bg-violet-700 text-white",
        DELETE: "border-transparent bg-red-700 text-white",
        HEAD: "border-transparent bg-slate-700 text-white",
        OPTIONS: "border-transparent bg-slate-700 text-white",
      },
    },
    defaultVariants: { variant: "default" },
  },
);

export function Badge({ className, variant, ...props }: React.ComponentProps<"span"> & VariantProps<typeof badgeVariants>) {
  return <span data-slot="badge" className={cn(badgeVariants({ variant }), className)} {...props} />;
}
