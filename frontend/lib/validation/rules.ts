/**
 * The server's spec rules (core/src/estoca_core/spec/*.py) ported one for one, so the forms refuse
 * exactly what the API would refuse, before the request is sent. Each check returns an i18n message
 * (see `msg`) or null; the same keys are translated in both locales.
 */

/** A translatable validation message: `v:<key>` optionally followed by `|<json values>`. */
export function msg(key: string, values?: Record<string, string | number>): string {
  return values ? `v:${key}|${JSON.stringify(values)}` : `v:${key}`;
}

export function parseMsg(message: string): { key: string; values?: Record<string, string | number> } | null {
  if (!message.startsWith("v:")) return null;
  const bar = message.indexOf("|");
  if (bar < 0) return { key: message.slice(2) };
  return { key: message.slice(2, bar), values: JSON.parse(message.slice(bar + 1)) as Record<string, string | number> };
}

export const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
/** RFC 9110 field-name = token */
export const HEADER_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const PARAM = /^\{([A-Za-z_][A-Za-z0-9_]*)\}$/;
const LITERAL = /^[A-Za-z0-9\-._~!$&'()*+,;=:@%]+$/;
export const CHAOS_SUFFIX = "chaos";
export const MAX_DELAY_MS = 60000;
export const RESERVED_GROUP_NAMES: ReadonlySet<string> = new Set([
  "api",
  "docs",
  "redoc",
  "openapi.json",
  "healthz",
  "readyz",
  "livez",
  "metrics",
  "static",
  "favicon.ico",
]);

export function checkGroupName(name: string): string | null {
  if (name.length === 0) return msg("required");
  if (name.length > 63) return msg("groupName.long");
  if (RESERVED_GROUP_NAMES.has(name) || name.startsWith("_")) return msg("groupName.reserved", { name });
  if (!DNS1123_LABEL.test(name)) return msg("groupName.dns");
  return null;
}

/** Names of the `{param}` segments of a path, in order. */
export function pathParameters(path: string): string[] {
  return path
    .split("/")
    .map((segment) => PARAM.exec(segment)?.[1])
    .filter((name): name is string => Boolean(name));
}

export function checkPath(path: string): string | null {
  if (!path.startsWith("/")) return msg("path.start");
  if (path.length > 1024) return msg("path.long");
  if (path.includes("?") || path.includes("#")) return msg("path.query");
  if (path === "/") return null;
  if (path.endsWith("/")) return msg("path.trailing");
  const seen = new Set<string>();
  const segments = path.slice(1).split("/");
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i];
    const index = i + 1;
    const param = PARAM.exec(segment);
    if (segment === "") return msg("path.empty", { index });
    if (param) {
      if (seen.has(param[1])) return msg("path.twice", { name: param[1] });
      seen.add(param[1]);
    } else if (segment.includes("{") || segment.includes("}")) {
      return msg("path.param", { segment });
    } else if (segment === "." || segment === "..") {
      return msg("path.dot", { index });
    } else if (!LITERAL.test(segment)) {
      return msg("path.chars", { segment });
    }
  }
  if (segments[segments.length - 1] === CHAOS_SUFFIX) return msg("path.chaos");
  return null;
}

export function checkHeaderName(name: string): string | null {
  if (name.length === 0) return msg("required");
  return HEADER_NAME.test(name) ? null : msg("header.name", { name });
}

export function checkStatus(status: number): string | null {
  if (!Number.isInteger(status) || status < 100 || status > 599) return msg("status.range");
  return null;
}

export function checkDelay(minMs: number, maxMs: number): { field: "delayMin" | "delayMax"; message: string } | null {
  if (!Number.isInteger(minMs) || minMs < 0) return { field: "delayMin", message: msg("delay.nonNegative") };
  if (!Number.isInteger(maxMs) || maxMs < 0) return { field: "delayMax", message: msg("delay.nonNegative") };
  if (maxMs < minMs) return { field: "delayMax", message: msg("delay.order", { min: minMs, max: maxMs }) };
  if (maxMs > MAX_DELAY_MS) return { field: "delayMax", message: msg("delay.cap", { cap: MAX_DELAY_MS }) };
  return null;
}
