"use client";

import { useTheme } from "next-themes";
import * as React from "react";
import type { ToasterProps } from "sonner";
import { loadSonner, toasterMounted } from "@/lib/toast";

type SonnerToaster = typeof import("sonner").Toaster;

/** sonner's Toaster, fetched after the first paint; toasts raised earlier wait for it (lib/toast.ts). */
export function Toaster(props: ToasterProps) {
  const { theme = "system" } = useTheme();
  const [Impl, setImpl] = React.useState<SonnerToaster | null>(null);
  React.useEffect(() => {
    let live = true;
    void loadSonner().then((m) => live && setImpl(() => m.Toaster));
    return () => {
      live = false;
    };
  }, []);
  // Child effects run before this one, so sonner has subscribed by the time we say it is ready.
  React.useEffect(() => {
    if (Impl) toasterMounted();
  }, [Impl]);
  return Impl ? <Impl theme={theme as ToasterProps["theme"]} closeButton position="bottom-right" {...props} /> : null;
}
