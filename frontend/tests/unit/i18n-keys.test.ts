/** Both locales must have exactly the same keys, and every literal key the code uses must exist. */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import en from "@/locales/en.json";
import ptBR from "@/locales/pt-BR.json";

type Tree = { [key: string]: string | Tree };

function flatten(tree: Tree, prefix = ""): string[] {
  return Object.entries(tree).flatMap(([key, value]) => (typeof value === "string" ? [`${prefix}${key}`] : flatten(value, `${prefix}${key}.`)));
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(name) ? [path] : [];
  });
}

const enKeys = flatten(en as Tree).sort();
const ptKeys = flatten(ptBR as Tree).sort();

describe("locales", () => {
  it("en and pt-BR have the same keys", () => {
    expect(ptKeys.filter((k) => !enKeys.includes(k))).toEqual([]);
    expect(enKeys.filter((k) => !ptKeys.includes(k))).toEqual([]);
  });

  it("no translation is left empty", () => {
    const empty = (tree: Tree) => flatten(tree).filter((k) => k.split(".").reduce<unknown>((node, part) => (node as Tree)[part], tree) === "");
    expect(empty(en as Tree)).toEqual([]);
    expect(empty(ptBR as Tree)).toEqual([]);
  });

  it("every literal t('key') used in the code exists", () => {
    const root = join(__dirname, "..", "..");
    const files = ["app", "components", "hooks", "lib", "context"].flatMap((d) => sourceFiles(join(root, d)));
    const used = new Set<string>();
    for (const file of files) {
      for (const match of readFileSync(file, "utf8").matchAll(/\bt\(\s*"([A-Za-z0-9_.-]+)"/g)) used.add(match[1]);
    }
    expect(used.size).toBeGreaterThan(100);
    const known = new Set(enKeys.map((k) => k.replace(/_(one|other)$/, "")));
    expect([...used].filter((k) => !known.has(k))).toEqual([]);
  });
});
