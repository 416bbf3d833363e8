/**
 * The endpoint form: its value shape (flat and friendly to inputs), the zod schema that applies the
 * server's rules to it, and the conversions to and from the API's EndpointIn / Endpoint.
 */
import * as z from "zod/mini";
import { BODY_METHODS, FAULTS, HTTP_METHODS, type Endpoint, type EndpointIn, type ErrorResponse, type Fault, type ParamSpec } from "@/lib/api/types";
import { checkSchemaText, parseJson } from "./json-schema";
import { checkDelay, checkHeaderName, checkPath, checkStatus, msg } from "./rules";

export const PARAM_TYPES = ["string", "integer", "number", "boolean"] as const;

const paramRow = z.object({
  name: z.string(),
  required: z.boolean(),
  mode: z.enum(["any", "value", "schema"]),
  value: z.string(),
  type: z.enum(PARAM_TYPES),
  minimum: z.string(),
  maximum: z.string(),
  pattern: z.string(),
  onErrorStatus: z.string(),
  onErrorBody: z.string(),
  /** Wire fields the row has no input for (other schema keywords, error headers or schema), kept as JSON so an edit does not drop them. */
  keep: z.string(),
});
export type ParamRow = z.infer<typeof paramRow>;

const headerRow = z.object({ name: z.string(), value: z.string() });

export const endpointFormSchema = z
  .object({
    method: z.enum(HTTP_METHODS),
    path: z.string(),
    description: z.string().check(z.maxLength(2000, msg("description.long"))),
    status: z.number({ error: msg("status.range") }),
    delayMin: z.number({ error: msg("delay.nonNegative") }),
    delayMax: z.number({ error: msg("delay.nonNegative") }),
    responseHeaders: z.array(headerRow),
    responseKind: z.enum(["none", "body", "schema"]),
    responseBody: z.string(),
    responseSchema: z.string(),
    query: z.array(paramRow),
    headers: z.array(paramRow),
    bodyEnabled: z.boolean(),
    bodyRequired: z.boolean(),
    bodySchema: z.string(),
    bodyOnErrorStatus: z.string(),
    bodyOnErrorBody: z.string(),
    bodyOnErrorKeep: z.string(),
    chaosEnabled: z.boolean(),
    customFaults: z.boolean(),
    faults: z.record(z.enum(FAULTS), z.number()),
    passThrough: z.number(),
    rate: z.number(),
  })
  .check(
    z.superRefine((v, ctx) => {
    const add = (path: (string | number)[], message: string) => ctx.addIssue({ code: "custom", path, message });
    const pathProblem = v.path ? checkPath(v.path) : msg("required");
    if (pathProblem) add(["path"], pathProblem);
    const statusProblem = checkStatus(v.status);
    if (statusProblem) add(["status"], statusProblem);
    const delay = checkDelay(v.delayMin, v.delayMax);
    if (delay) add([delay.field], delay.message);
    const seenHeaders = new Set<string>();
    v.responseHeaders.forEach((h, i) => {
      const problem = checkHeaderName(h.name);
      if (problem) add(["responseHeaders", i, "name"], problem);
      else if (seenHeaders.has(h.name.toLowerCase())) add(["responseHeaders", i, "name"], msg("header.twice", { name: h.name }));
      seenHeaders.add(h.name.toLowerCase());
    });
    if (v.responseKind === "schema") {
      const check = checkSchemaText(v.responseSchema);
      if (!check.ok) add(["responseSchema"], check.message);
    }
    checkParams(v.query, "query", false, add);
    checkParams(v.headers, "headers", true, add);
    if (v.bodyEnabled) {
      if (!BODY_METHODS.has(v.method)) add(["bodyEnabled"], msg("body.method", { method: v.method }));
      if (v.bodySchema.trim()) {
        const check = checkSchemaText(v.bodySchema);
        if (!check.ok) add(["bodySchema"], check.message);
      }
      checkOnErrorStatus(v.bodyOnErrorStatus, ["bodyOnErrorStatus"], add);
    }
    if (v.customFaults) {
      let total = 0;
      for (const fault of FAULTS) {
        const weight = v.faults[fault] ?? 0;
        if (!Number.isInteger(weight) || weight < 0 || weight > 1000) add(["faults", fault], msg("fault.weight", { fault }));
        total += weight;
      }
      if (total === 0) add(["faults"], msg("fault.none"));
    }
    if (!(v.passThrough >= 0 && v.passThrough <= 1)) add(["passThrough"], msg("share.range"));
    if (!(v.rate >= 0 && v.rate <= 1)) add(["rate"], msg("share.range"));
    }),
  );

export type EndpointFormValues = z.infer<typeof endpointFormSchema>;
type Add = (path: (string | number)[], message: string) => void;

function checkOnErrorStatus(text: string, path: (string | number)[], add: Add): void {
  if (text.trim() === "") return;
  const problem = checkStatus(Number(text));
  if (problem) add(path, problem);
}

function checkParams(rows: ParamRow[], list: "query" | "headers", isHeader: boolean, add: Add): void {
  const seen = new Set<string>();
  rows.forEach((row, i) => {
    const name = row.name;
    if (!name) add([list, i, "name"], msg("required"));
    else if (name.length > 256) add([list, i, "name"], msg("param.long"));
    else if (isHeader && checkHeaderName(name)) add([list, i, "name"], checkHeaderName(name)!);
    const key = isHeader ? name.toLowerCase() : name;
    if (name && seen.has(key)) add([list, i, "name"], msg(isHeader ? "header.twice" : "param.twice", { name }));
    seen.add(key);
    if (row.mode === "schema") {
      for (const bound of ["minimum", "maximum"] as const) {
        if (row[bound].trim() !== "" && !Number.isFinite(Number(row[bound]))) add([list, i, bound], msg("number"));
      }
      if (row.minimum.trim() && row.maximum.trim() && Number(row.minimum) > Number(row.maximum)) {
        add([list, i, "maximum"], msg("range.order"));
      }
      if (row.pattern) {
        try {
          new RegExp(row.pattern, "u");
        } catch {
          add([list, i, "pattern"], msg("pattern.invalid"));
        }
      }
    }
    checkOnErrorStatus(row.onErrorStatus, [list, i, "onErrorStatus"], add);
  });
}

export function emptyParam(): ParamRow {
  return { name: "", required: false, mode: "any", value: "", type: "string", minimum: "", maximum: "", pattern: "", onErrorStatus: "", onErrorBody: "", keep: "" };
}

export function defaultFaults(): Record<Fault, number> {
  return Object.fromEntries(FAULTS.map((f) => [f, 1])) as Record<Fault, number>;
}

export function emptyEndpointForm(): EndpointFormValues {
  return {
    method: "GET",
    path: "",
    description: "",
    status: 200,
    delayMin: 0,
    delayMax: 0,
    responseHeaders: [],
    responseKind: "body",
    responseBody: "",
    responseSchema: '{\n  "type": "object",\n  "required": ["id"],\n  "properties": {\n    "id": {"type": "integer", "minimum": 1}\n  }\n}',
    query: [],
    headers: [],
    bodyEnabled: false,
    bodyRequired: true,
    bodySchema: "",
    bodyOnErrorStatus: "",
    bodyOnErrorBody: "",
    bodyOnErrorKeep: "",
    chaosEnabled: true,
    customFaults: false,
    faults: defaultFaults(),
    passThrough: 0,
    rate: 0,
  };
}

interface Kept {
  schema?: Record<string, unknown>;
  onError?: Partial<ErrorResponse>;
}

function readKeep(text: string): Kept {
  if (!text) return {};
  try {
    return JSON.parse(text) as Kept;
  } catch {
    return {};
  }
}

/** What an ErrorResponse carries besides the status and body the form edits. */
function errorExtra(e: ErrorResponse | null | undefined): Partial<ErrorResponse> | undefined {
  if (!e) return undefined;
  const extra: Partial<ErrorResponse> = {};
  if (e.headers && Object.keys(e.headers).length) extra.headers = e.headers;
  if (e.schema && e.body == null) extra.schema = e.schema;
  return Object.keys(extra).length ? extra : undefined;
}

function onError(status: string, body: string, kept?: Partial<ErrorResponse>): ErrorResponse | null {
  if (!status.trim() && !body && !kept) return null;
  const out: ErrorResponse = { ...kept };
  if (body) delete out.schema;
  if (status.trim()) out.status = Number(status);
  if (body) out.body = body;
  return out;
}

function paramToWire(row: ParamRow): ParamSpec {
  const kept = readKeep(row.keep);
  const out: ParamSpec = { name: row.name, required: row.required };
  if (row.mode === "value") out.value = row.value;
  if (row.mode === "schema") {
    const schema: Record<string, unknown> = { ...kept.schema, type: row.type };
    if (row.minimum.trim()) schema.minimum = Number(row.minimum);
    if (row.maximum.trim()) schema.maximum = Number(row.maximum);
    if (row.pattern) schema.pattern = row.pattern;
    out.schema = schema;
  }
  const error = onError(row.onErrorStatus, row.onErrorBody, kept.onError);
  if (error) out.onError = error;
  return out;
}

function paramFromWire(p: ParamSpec): ParamRow {
  const row = emptyParam();
  row.name = p.name;
  row.required = Boolean(p.required);
  if (p.value != null) {
    row.mode = "value";
    row.value = p.value;
  } else if (p.schema) {
    row.mode = "schema";
    const s = p.schema as Record<string, unknown>;
    if (typeof s.type === "string" && (PARAM_TYPES as readonly string[]).includes(s.type)) row.type = s.type as ParamRow["type"];
    if (typeof s.minimum === "number") row.minimum = String(s.minimum);
    if (typeof s.maximum === "number") row.maximum = String(s.maximum);
    if (typeof s.pattern === "string") row.pattern = s.pattern;
  }
  if (p.onError) {
    row.onErrorStatus = p.onError.status != null ? String(p.onError.status) : "";
    row.onErrorBody = p.onError.body ?? "";
  }
  const kept: Kept = {};
  if (p.schema) {
    const rest = Object.fromEntries(Object.entries(p.schema).filter(([key]) => !["type", "minimum", "maximum", "pattern"].includes(key)));
    if (Object.keys(rest).length) kept.schema = rest;
  }
  const extra = errorExtra(p.onError);
  if (extra) kept.onError = extra;
  row.keep = Object.keys(kept).length ? JSON.stringify(kept) : "";
  return row;
}

/** The API body for a valid form. */
export function formToEndpointIn(v: EndpointFormValues): EndpointIn {
  const response: NonNullable<EndpointIn["response"]> = {
    status: v.status,
    headers: Object.fromEntries(v.responseHeaders.map((h) => [h.name, h.value])),
  };
  if (v.responseKind === "body") response.body = v.responseBody;
  if (v.responseKind === "schema") {
    const parsed = parseJson(v.responseSchema);
    if (parsed.ok) response.schema = parsed.value as Record<string, unknown>;
  }
  const request: NonNullable<EndpointIn["request"]> = { query: v.query.map(paramToWire), headers: v.headers.map(paramToWire), body: null };
  if (v.bodyEnabled && BODY_METHODS.has(v.method)) {
    const parsed = v.bodySchema.trim() ? parseJson(v.bodySchema) : null;
    request.body = {
      required: v.bodyRequired,
      schema: parsed && parsed.ok ? (parsed.value as Record<string, unknown>) : null,
      onError: onError(v.bodyOnErrorStatus, v.bodyOnErrorBody, readKeep(v.bodyOnErrorKeep).onError),
    };
  }
  return {
    method: v.method,
    path: v.path,
    description: v.description,
    delay: { minMs: v.delayMin, maxMs: v.delayMax },
    response,
    request,
    chaos: { enabled: v.chaosEnabled, faults: v.customFaults ? v.faults : null, passThrough: v.passThrough, rate: v.rate },
  };
}

/** Form values for editing an existing endpoint. */
export function endpointToForm(e: Endpoint): EndpointFormValues {
  const base = emptyEndpointForm();
  const response = e.response ?? { status: 200 };
  const body = e.request?.body ?? null;
  return {
    ...base,
    method: e.method,
    path: e.path,
    description: e.description ?? "",
    status: response.status,
    delayMin: e.delay?.minMs ?? 0,
    delayMax: e.delay?.maxMs ?? 0,
    responseHeaders: Object.entries(response.headers ?? {}).map(([name, value]) => ({ name, value })),
    responseKind: response.schema ? "schema" : response.body != null ? "body" : "none",
    responseBody: response.body ?? "",
    responseSchema: response.schema ? JSON.stringify(response.schema, null, 2) : base.responseSchema,
    query: (e.request?.query ?? []).map(paramFromWire),
    headers: (e.request?.headers ?? []).map(paramFromWire),
    bodyEnabled: body !== null,
    bodyRequired: body?.required ?? true,
    bodySchema: body?.schema ? JSON.stringify(body.schema, null, 2) : "",
    bodyOnErrorStatus: body?.onError?.status != null ? String(body.onError.status) : "",
    bodyOnErrorBody: body?.onError?.body ?? "",
    bodyOnErrorKeep: errorExtra(body?.onError) ? JSON.stringify({ onError: errorExtra(body?.onError) }) : "",
    chaosEnabled: e.chaos?.enabled ?? true,
    customFaults: Boolean(e.chaos?.faults),
    faults: { ...defaultFaults(), ...(e.chaos?.faults ?? {}) },
    passThrough: e.chaos?.passThrough ?? 0,
    rate: e.chaos?.rate ?? 0,
  };
}

/** Server field path (relative to EndpointIn) -> form field name. */
export function mapEndpointField(field: string, values: Pick<EndpointFormValues, "responseKind">): string | null {
  const parts = field.split(".");
  const [head, second, third, fourth] = parts;
  switch (head) {
    case "path":
    case "method":
    case "description":
      return head;
    case "name":
      return "path";
    case "delay":
      return second === "minMs" ? "delayMin" : "delayMax";
    case "response":
      if (second === "status") return "status";
      if (second === "headers") return "responseHeaders";
      if (second === "schema") return "responseSchema";
      if (second === "body") return "responseBody";
      return values.responseKind === "schema" ? "responseSchema" : "responseBody";
    case "request":
      if ((second === "query" || second === "headers") && third !== undefined && /^\d+$/.test(third)) {
        const leaf = fourth === "onError" ? (parts[4] === "status" ? "onErrorStatus" : "onErrorBody") : fourth === "value" ? "value" : fourth === "schema" ? "type" : "name";
        return `${second}.${third}.${leaf}`;
      }
      if (second === "body") {
        if (third === "onError") return parts[3] === "status" ? "bodyOnErrorStatus" : "bodyOnErrorBody";
        return third === "schema" ? "bodySchema" : "bodyEnabled";
      }
      return null;
    case "chaos":
      if (second === "passThrough") return "passThrough";
      if (second === "rate") return "rate";
      if (second === "faults") return third && (FAULTS as readonly string[]).includes(third) ? `faults.${third}` : "faults";
      return null;
    default:
      return null;
  }
}
