import { BoxesIcon } from "lucide-react";
import { cn } from "@/lib/utils";

export function Logo({ className, showText = true }: { className?: string; showText?: boolean }) {
  return (
    <span className={cn("flex items-center gap-2 font-semibold", className)}>
      <span className="flex size-8 items-center justify-center rounded-lg bg-primary text-primary-foreground">
        <BoxesIcon className="size-5" aria-hidden="true" />
      </span>
      {showText ? <span className="text-base">Estoca Mock API</span> : null}
    </span>
  );
}
