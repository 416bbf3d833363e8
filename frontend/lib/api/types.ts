/**
 * Wire types of the REST contract (camelCase JSON), taken from `schema.d.ts`, which `npm run gen:api`
 * generates from the API's OpenAPI document (`npm run check:api` fails when it is stale). UI code
 * imports these short names rather than the generated paths.
 */
import type { components } from "./schema";

type Schemas = components["schemas"];

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

export type ErrorResponse = Schemas["ErrorResponse"];
export type ParamSpec = Schemas["ParamSpec"];
export type HeaderParamSpec = Schemas["HeaderParamSpec"];
export type BodySpec = Schemas["BodySpec"];
export type EndpointIn = Schemas["EndpointIn"];
export type Endpoint = Schemas["Endpoint"];
export type Group = Schemas["Group"];
export type Source = Group["source"];
export type Stats = Schemas["StatsOut"];
export type Me = Schemas["MeOut"];
export type AuthConfig = Schemas["AuthConfigOut"];
export type TestRequest = Schemas["TestRunIn"];
export type TestResult = Schemas["TestRunOut"];
export type ImportResult = Schemas["ImportOut"];
export type Problem = Schemas["Problem"];
export type ProblemFieldError = Schemas["FieldError"];

/** POST/PUT /api/groups; the API fills `namespace` ("default") and `description` ("") when omitted. */
export interface GroupIn {
  name: string;
  namespace?: string;
  description?: string;
  server?: Schemas["ServerSpec"];
}

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}
