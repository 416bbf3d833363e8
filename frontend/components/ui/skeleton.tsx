import * as React from "react";
import { cn } from "@/lib/utils";

/** A placeholder with the final size of what it stands for, so nothing moves when data arrives. */
export function Skeleton({ className, ...props }: React.ComponentProps<"div">) {
  return <div data-slot="skeleton" aria-hidden="true" className={cn("animate-pulse rounded-md bg-muted", className)} {...props} />;
}
