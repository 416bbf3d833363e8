/**
 * A light structural JSON Schema check for the editor: it catches the mistakes people make while
 * typing (bad JSON, unknown `type`, `required` not a list, min above max, a bad `pattern`) without
 * shipping a full validator to the browser. The server runs the complete Draft 2020-12 check.
 */
import { msg } from "./rules";

const TYPES = new Set(["string", "integer", "number", "boolean", "object", "array", "null"]);
const NUMERIC = ["minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf", "minLength", "maxLength", "minItems", "maxItems", "minProperties", "maxProperties"];

export type JsonParse = { ok: true; value: unknown } | { ok: false; message: string };

export function parseJson(text: string): JsonParse {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    return { ok: false, message: msg("json.invalid", { detail: (error as Error).message }) };
  }
}

function checkNode(node: unknown, where: string): string | null {
  if (typeof node === "boolean") return null;
  if (node === null || typeof node !== "object" || Array.isArray(node)) return msg("schema.notObject", { where });
  const s = node as Record<string, unknown>;
  if ("type" in s) {
    const types = Array.isArray(s.type) ? s.type : [s.type];
    for (const t of types) if (typeof t !== "string" || !TYPES.has(t)) return msg("schema.type", { where, type: String(t) });
  }
  for (const key of NUMERIC) {
    if (key in s && typeof s[key] !== "number") return msg("schema.number", { where, key });
  }
  if (typeof s.minimum === "number" && typeof s.maximum === "number" && s.minimum > s.maximum) {
    return msg("schema.range", { where });
  }
  if ("required" in s && (!Array.isArray(s.required) || s.required.some((r) => typeof r !== "string"))) {
    return msg("schema.required", { where });
  }
  if ("enum" in s && !Array.isArray(s.enum)) return msg("schema.enum", { where });
  if ("pattern" in s) {
    if (typeof s.pattern !== "string") return msg("schema.pattern", { where });
    try {
      new RegExp(s.pattern, "u");
    } catch {
      return msg("schema.pattern", { where });
    }
  }
  if ("properties" in s) {
    const props = s.properties;
    if (props === null || typeof props !== "object" || Array.isArray(props)) return msg("schema.properties", { where });
    for (const [name, child] of Object.entries(props)) {
      const problem = checkNode(child, `${where}/properties/${name}`);
      if (problem) return problem;
    }
  }
  if ("items" in s) {
    const problem = checkNode(s.items, `${where}/items`);
    if (problem) return problem;
  }
  return null;
}

/** Parse `text` as a JSON Schema; returns the schema or a translatable message. */
export function checkSchemaText(text: string): { ok: true; schema: Record<string, unknown> } | { ok: false; message: string } {
  const parsed = parseJson(text);
  if (!parsed.ok) return parsed;
  if (parsed.value === null || typeof parsed.value !== "object" || Array.isArray(parsed.value)) {
    return { ok: false, message: msg("schema.notObject", { where: "(root)" }) };
  }
  const problem = checkNode(parsed.value, "(root)");
  return problem ? { ok: false, message: problem } : { ok: true, schema: parsed.value as Record<string, unknown> };
}
