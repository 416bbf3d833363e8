#!/usr/bin/env node
/**
 * First-load JS of every app route, gzipped, with a budget. Next 16 (Turbopack) no longer prints
 * this table after `next build`, so we compute it the way Next did: the root main files plus every
 * chunk the route's segments (layouts, page, not-found) load, each counted once, gzip level 9.
 * Exits 1 when a route is over the budget (BUDGET_KB, default 200).
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { gzipSync } from "node:zlib";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

const root = resolve(fileURLToPath(new URL("..", import.meta.url)), ".next");
const budgetKb = Number(process.env.BUDGET_KB ?? 200);
const require = createRequire(import.meta.url);

const buildManifest = JSON.parse(readFileSync(join(root, "build-manifest.json"), "utf8"));
const rootMain = buildManifest.rootMainFiles ?? [];
const sizes = new Map();
const gz = (file) => {
  if (!sizes.has(file)) sizes.set(file, gzipSync(readFileSync(join(root, file)), { level: 9 }).length);
  return sizes.get(file);
};

function manifests(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return manifests(path);
    return name === "page_client-reference-manifest.js" ? [path] : [];
  });
}

const rows = [];
for (const file of manifests(join(root, "server", "app"))) {
  globalThis.self = globalThis;
  globalThis.__RSC_MANIFEST = {};
  delete require.cache[file];
  require(file);
  for (const [entry, manifest] of Object.entries(globalThis.__RSC_MANIFEST)) {
    const route = entry.replace(/\/page$/, "").replace(/\/\([^)]+\)/g, "") || "/";
    if (route.startsWith("/_global-error")) continue;
    const files = new Set(rootMain);
    for (const chunks of Object.values(manifest.entryJSFiles ?? {})) for (const c of chunks) files.add(c);
    const bytes = [...files].filter((f) => f.endsWith(".js")).reduce((sum, f) => sum + gz(f), 0);
    rows.push({ route, kb: bytes / 1024, file: relative(root, file) });
  }
}

rows.sort((a, b) => a.route.localeCompare(b.route));
const width = Math.max(...rows.map((r) => r.route.length), 5);
console.log(`${"Route".padEnd(width)}  First-load JS (gzip)`);
let over = 0;
for (const r of rows) {
  const flag = r.kb > budgetKb ? `  OVER BUDGET (${budgetKb} kB)` : "";
  if (flag) over += 1;
  console.log(`${r.route.padEnd(width)}  ${r.kb.toFixed(1).padStart(7)} kB${flag}`);
}
console.log(`Budget: ${budgetKb} kB per route; ${over ? `${over} route(s) over` : "all routes within budget"}.`);
process.exit(over ? 1 : 0);
