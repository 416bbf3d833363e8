import { defineConfig } from "@playwright/test";

/**
 * End-to-end against the real stack: global-setup.ts creates a fresh PostgreSQL database, starts
 * `estoca-mock up` (dev-auth mode) and `next start` on free ports, and tears both down afterwards.
 * Chromium is Debian's (/usr/bin/chromium); no browser download is needed.
 */
export default defineConfig({
  testDir: "./e2e",
  globalSetup: "./e2e/global-setup.ts",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 180_000,
  expect: { timeout: 15_000 },
  reporter: [["list"]],
  outputDir: "test-results/artifacts",
  use: {
    baseURL: process.env.E2E_BASE_URL,
    locale: "en-US",
    viewport: { width: 1440, height: 1000 },
    screenshot: "only-on-failure",
    trace: "off",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking", "--disable-component-update", "--no-first-run"],
    },
  },
});
