"use client";

import * as React from "react";
import { cn } from "@/lib/utils";

/**
 * A small disclosure menu (button + panel) for the header: opens on click, closes on Escape, on a
 * click outside and after an action, and returns focus to its button. Lighter than a full menu
 * widget for the two or three actions it holds.
 */
export function MenuPopover({ label, trigger, children, className }: { label: string; trigger: React.ReactNode; children: React.ReactNode; className?: string }) {
  const [open, setOpen] = React.useState(false);
  const root = React.useRef<HTMLDivElement>(null);
  const button = React.useRef<HTMLButtonElement>(null);
  const id = React.useId();
  const close = React.useCallback(() => {
    setOpen(false);
    button.current?.focus();
  }, []);

  React.useEffect(() => {
    if (!open) return;
    const onPointer = (event: PointerEvent) => {
      if (!root.current?.contains(event.target as Node)) setOpen(false);
    };
    const onKey = (event: KeyboardEvent) => {
      if (event.key === "Escape") close();
    };
    document.addEventListener("pointerdown", onPointer);
    document.addEventListener("keydown", onKey);
    return () => {
      document.removeEventListener("pointerdown", onPointer);
      document.removeEventListener("keydown", onKey);
    };
  }, [open, close]);

  return (
    <div ref={root} className="relative">
      <button
        ref={button}
        type="button"
        aria-label={label}
        aria-expanded={open}
        aria-controls={id}
        onClick={() => setOpen((v) => !v)}
        className="inline-flex h-8 items-center gap-1.5 rounded-md px-3 text-sm font-medium transition-colors duration-300 outline-none hover:bg-accent focus-visible:ring-[3px] focus-visible:ring-ring/50 [&_svg]:size-4"
      >
        {trigger}
      </button>
      {open ? (
        // An action inside the panel closes it (the action runs first).
        <div
          id={id}
          onClick={(event) => {
            if ((event.target as HTMLElement).closest("button")) close();
          }}
          className={cn("absolute right-0 z-50 mt-1 w-64 rounded-md border bg-popover p-1 text-popover-foreground shadow-md duration-300 animate-in fade-in-0", className)}
        >
          {children}
        </div>
      ) : null}
    </div>
  );
}

export function MenuAction({ className, ...props }: React.ComponentProps<"button">) {
  return (
    <button
      type="button"
      className={cn("flex w-full items-center gap-2 rounded-sm px-2 py-1.5 text-left text-sm outline-none hover:bg-accent focus-visible:bg-accent [&_svg]:size-4", className)}
      {...props}
    />
  );
}
