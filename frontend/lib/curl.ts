/** "Copy as curl": a runnable command for an endpoint's mock URL with example values filled in. */
import type { Endpoint, ParamSpec } from "@/lib/api/types";

function quote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

function example(p: ParamSpec): string {
  if (p.value != null) return p.value;
  const s = (p.schema ?? {}) as Record<string, unknown>;
  if (Array.isArray(s.enum) && s.enum.length) return String(s.enum[0]);
  if (s.type === "integer" || s.type === "number") return String(typeof s.minimum === "number" ? s.minimum : 1);
  if (s.type === "boolean") return "true";
  return "value";
}

export function endpointCurl(endpoint: Endpoint, options: { chaos?: boolean } = {}): string {
  let url = options.chaos ? endpoint.chaosUrl : endpoint.mockUrl;
  url = url.replace(/\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (_, name: string) => `${name}-1`);
  const query = (endpoint.request?.query ?? []).filter((p) => p.required);
  if (query.length) {
    const qs = query.map((p) => `${encodeURIComponent(p.name)}=${encodeURIComponent(example(p))}`).join("&");
    url += `?${qs}`;
  }
  const parts = ["curl", "-i", "-X", endpoint.method, quote(url)];
  for (const h of (endpoint.request?.headers ?? []).filter((p) => p.required)) {
    parts.push("-H", quote(`${h.name}: ${example(h)}`));
  }
  if (endpoint.request?.body) {
    parts.push("-H", quote("Content-Type: application/json"), "--data", quote("{}"));
  }
  return parts.join(" ");
}

/** "Copy as curl" for a whole group: one command per endpoint, each preceded by a comment naming it. */
export function groupCurl(endpoints: Endpoint[]): string {
  return endpoints.map((e) => `# ${e.name}: ${e.method} ${e.path}\n${endpointCurl(e)}`).join("\n\n");
}
