#!/usr/bin/env node
/**
 * `npm run test:ci` (what `make test` runs for the UI): lint, typecheck, unit tests, build (with the
 * route budget), end-to-end. Each step runs even if an earlier test step failed, so one run shows
 * everything; the last line is "ui: N passed, N failed" for CI, counted from the runners' JSON reports.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const reports = join(root, "test-results", "reports");
mkdirSync(reports, { recursive: true });
const vitestJson = join(reports, "vitest.json");
const playwrightJson = join(reports, "playwright.json");
for (const file of [vitestJson, playwrightJson]) rmSync(file, { force: true });

const env = { ...process.env, NEXT_TELEMETRY_DISABLED: "1", PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: "1" };
const bin = (name) => join(root, "node_modules", ".bin", name);
let passed = 0;
let failed = 0;

function run(label, command, args, extraEnv = {}) {
  console.log(`\n== ui: ${label} ==`);
  const result = spawnSync(command, args, { cwd: root, stdio: "inherit", env: { ...env, ...extraEnv } });
  return result.status === 0;
}

function count(label, ok) {
  // A step without per-test counts (lint, typecheck, build) counts as one check.
  if (ok) passed += 1;
  else {
    failed += 1;
    console.error(`ui: ${label} FAILED`);
  }
}

count("lint", run("lint", bin("eslint"), ["."]));
count("typecheck", run("typecheck", bin("next"), ["typegen"]) && run("tsc", bin("tsc"), ["--noEmit"]));

const unitOk = run("unit tests (vitest)", bin("vitest"), ["run", "--reporter=default", "--reporter=json", `--outputFile.json=${vitestJson}`]);
if (existsSync(vitestJson)) {
  const r = JSON.parse(readFileSync(vitestJson, "utf8"));
  passed += r.numPassedTests ?? 0;
  failed += (r.numFailedTests ?? 0) + (unitOk || r.numFailedTests ? 0 : 1);
} else if (!unitOk) failed += 1;

const buildOk = run("build (next build + route budget)", "npm", ["run", "--silent", "build"]);
count("build", buildOk);

if (buildOk) {
  const e2eOk = run("end-to-end (playwright)", bin("playwright"), ["test", "--reporter=list,json"], { PLAYWRIGHT_JSON_OUTPUT_NAME: playwrightJson });
  if (existsSync(playwrightJson)) {
    const stats = JSON.parse(readFileSync(playwrightJson, "utf8")).stats ?? {};
    passed += (stats.expected ?? 0) + (stats.flaky ?? 0);
    failed += stats.unexpected ?? 0;
    if (!e2eOk && !stats.unexpected) failed += 1; // global setup failed before any test ran
  } else if (!e2eOk) failed += 1;
} else {
  failed += 1;
  console.error("ui: end-to-end skipped because the build failed");
}

console.log(`ui: ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
