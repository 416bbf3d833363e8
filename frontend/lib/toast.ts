/**
 * Toasts through sonner, loaded on demand: sonner is not needed to paint a page, so its code is
 * fetched after hydration (see components/ui/sonner.tsx) instead of weighing on every first load.
 * A toast raised before the Toaster is mounted waits for it rather than being lost.
 */
import type { ExternalToast } from "sonner";

type Sonner = typeof import("sonner");

let sonner: Promise<Sonner> | null = null;
let markReady: () => void = () => {};
const ready = new Promise<void>((resolve) => {
  markReady = resolve;
});

export function loadSonner(): Promise<Sonner> {
  sonner ??= import("sonner");
  return sonner;
}

/** Called by <Toaster> once sonner's own Toaster has mounted and subscribed. */
export function toasterMounted(): void {
  markReady();
}

function show(kind: "success" | "error" | "message", message: string, options?: ExternalToast): void {
  void Promise.all([loadSonner(), ready]).then(([m]) => (kind === "message" ? m.toast(message, options) : m.toast[kind](message, options)));
}

export const toast = {
  success: (message: string, options?: ExternalToast) => show("success", message, options),
  error: (message: string, options?: ExternalToast) => show("error", message, options),
  message: (message: string, options?: ExternalToast) => show("message", message, options),
};
