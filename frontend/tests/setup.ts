/** Test environment: jest-dom matchers, MSW for the API, and the browser APIs jsdom lacks. */
import "@testing-library/jest-dom/vitest";
import { cleanup } from "@testing-library/react";
import { afterAll, afterEach, beforeAll, vi } from "vitest";
import { server } from "./msw/server";
import { i18n } from "@/lib/i18n";

vi.mock("next/navigation", async () => {
  const { router, navigation } = await import("./router");
  return {
    useRouter: () => router,
    usePathname: () => navigation.pathname,
    useParams: () => navigation.params,
    useSearchParams: () => new URLSearchParams(),
  };
});

if (!window.matchMedia) {
  window.matchMedia = (query: string) =>
    ({
      matches: false,
      media: query,
      onchange: null,
      addListener: () => {},
      removeListener: () => {},
      addEventListener: () => {},
      removeEventListener: () => {},
      dispatchEvent: () => false,
    }) as MediaQueryList;
}
// Radix uses these pointer-capture and layout APIs, which jsdom does not implement.
Element.prototype.hasPointerCapture ??= () => false;
Element.prototype.releasePointerCapture ??= () => {};
Element.prototype.scrollIntoView ??= () => {};
globalThis.ResizeObserver ??= class {
  observe() {}
  unobserve() {}
  disconnect() {}
};

beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterEach(async () => {
  cleanup();
  vi.clearAllMocks();
  server.resetHandlers();
  window.localStorage.clear();
  await i18n.changeLanguage("en");
});
afterAll(() => server.close());
