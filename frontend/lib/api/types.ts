/**
 * Wire types of the REST contract (camelCase JSON). They mirror `estoca_core.spec` and the API's
 * response models; `schema.d.ts` is generated from the running API's OpenAPI and `check:api` keeps
 * it current, while these names are what the UI code imports.
 */
export const HTTP_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];
export const BODY_METHODS: ReadonlySet<HttpMethod> = new Set(["POST", "PUT", "PATCH"]);

export const FAULTS = [
  "error",
  "status",
  "timeout",
  "slow",
  "delay",
  "body",
  "contract",
  "header",
  "reset",
  "empty",
  "truncate",
  "dribble",
] as const;
export type Fault = (typeof FAULTS)[number];

export type JsonSchema = Record<string, unknown>;

export interface ErrorResponse {
  status?: number | null;
  headers?: Record<string, string>;
  body?: string | null;
  schema?: JsonSchema | null;
}

export interface ParamSpec {
  name: string;
  required?: boolean;
  value?: string | null;
  schema?: JsonSchema | null;
  onError?: ErrorResponse | null;
}

export interface BodySpec {
  required?: boolean;
  schema?: JsonSchema | null;
  onError?: ErrorResponse | null;
}

export interface EndpointIn {
  name?: string;
  method: HttpMethod;
  path: string;
  description?: string;
  delay?: { minMs: number; maxMs: number };
  response?: { status: number; headers?: Record<string, string>; body?: string | null; schema?: JsonSchema | null };
  request?: { query?: ParamSpec[]; headers?: ParamSpec[]; body?: BodySpec | null };
  chaos?: { enabled: boolean; faults?: Partial<Record<Fault, number>> | null; passThrough?: number; rate?: number };
}

export type Source = "api" | "apply" | "kubernetes";

export interface Endpoint extends Required<Omit<EndpointIn, "name">> {
  id: string;
  groupId: string;
  group: string;
  namespace: string;
  name: string;
  mockUrl: string;
  chaosUrl: string;
  createdBy: string | null;
  createdAt: string;
  updatedAt: string;
  version: number;
  source: Source;
}

export interface GroupIn {
  name: string;
  namespace?: string;
  description?: string;
  server?: Record<string, unknown>;
}

export interface Group {
  id: string;
  name: string;
  namespace: string;
  description: string;
  server: Record<string, unknown>;
  endpointCount: number;
  mockUrl: string;
  createdBy: string | null;
  createdAt: string;
  updatedAt: string;
  version: number;
  source: Source;
}

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

export interface Stats {
  groups: number;
  endpoints: number;
  byMethod: Partial<Record<HttpMethod, number>>;
  chaosEnabled: number;
}

export interface Me {
  id: string;
  email: string;
  name: string;
  devMode: boolean;
  authMode: "oidc" | "dev";
}

export interface AuthConfig {
  authMode: "oidc" | "dev";
  devMode: boolean;
  providerName: string;
}

export interface TestRequest {
  mode: "normal" | "chaos";
  pathParams: Record<string, string>;
  query: Record<string, string>;
  headers: Record<string, string>;
  body: string | null;
  seed: number | null;
}

export interface TestResult {
  url: string;
  status: number;
  headers: [string, string][];
  body: string;
  bodyIsBinary: boolean;
  elapsedMs: number;
  fault: Fault | null;
  outcome: "response" | "reset" | "empty" | "timeout" | "truncated";
}

export interface ImportResult {
  created: number;
  updated: number;
  resources: { kind: string; namespace: string; name: string; action: "created" | "updated" }[];
}

export interface ProblemFieldError {
  field: string;
  message: string;
  type?: string;
}

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  errors?: ProblemFieldError[];
}
