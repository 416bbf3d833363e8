/**
 * The one fetch wrapper the UI uses. It keeps the short-lived access token in memory only (the
 * refresh token is an httpOnly cookie the browser sends to /api/auth/refresh), retries a request
 * once after refreshing on 401, and turns every non-2xx answer into an `ApiError` carrying the
 * RFC 7807 problem so forms can put `errors[].field` on the right inputs.
 */
import type { Problem } from "./types";

export class ApiError extends Error {
  readonly status: number;
  readonly problem: Problem;

  constructor(problem: Problem) {
    super(problem.detail || problem.title || `HTTP ${problem.status}`);
    this.name = "ApiError";
    this.status = problem.status;
    this.problem = problem;
  }
}

let accessToken: string | null = null;
let refreshing: Promise<string | null> | null = null;
let onUnauthenticated: (() => void) | null = null;

export function setAccessToken(token: string | null): void {
  accessToken = token;
}

export function getAccessToken(): string | null {
  return accessToken;
}

/** Called when a refresh fails: the session context sends the user to /login. */
export function setUnauthenticatedHandler(handler: (() => void) | null): void {
  onUnauthenticated = handler;
}

function currentLanguage(): string {
  if (typeof document === "undefined") return "en";
  return document.documentElement.lang || "en";
}

async function toProblem(response: Response): Promise<Problem> {
  const text = await response.text().catch(() => "");
  try {
    const data = JSON.parse(text) as Partial<Problem>;
    if (data && typeof data === "object" && "title" in data) {
      return { type: "about:blank", status: response.status, title: String(data.title), ...data } as Problem;
    }
    if (data && typeof data === "object" && "detail" in data) {
      return { type: "about:blank", status: response.status, title: response.statusText, detail: String(data.detail) };
    }
  } catch {
    // not JSON: fall through to a generic problem
  }
  return { type: "about:blank", status: response.status, title: response.statusText || `HTTP ${response.status}`, detail: text.slice(0, 300) };
}

/** Exchange the refresh cookie for a new access token; one request at a time. */
export function refreshAccessToken(): Promise<string | null> {
  refreshing ??= (async () => {
    try {
      const response = await fetch("/api/auth/refresh", { method: "POST", credentials: "same-origin" });
      if (!response.ok) {
        accessToken = null;
        return null;
      }
      const data = (await response.json()) as { accessToken: string };
      accessToken = data.accessToken;
      return accessToken;
    } catch {
      accessToken = null;
      return null;
    } finally {
      refreshing = null;
    }
  })();
  return refreshing;
}

export interface RequestOptions {
  method?: string;
  json?: unknown;
  body?: string;
  contentType?: string;
  headers?: Record<string, string>;
  accept?: string;
  signal?: AbortSignal;
  raw?: boolean;
}

async function send(path: string, options: RequestOptions): Promise<Response> {
  const headers: Record<string, string> = {
    Accept: options.accept ?? "application/json",
    "Accept-Language": currentLanguage(),
    ...options.headers,
  };
  if (accessToken) headers.Authorization = `Bearer ${accessToken}`;
  let body: string | undefined = options.body;
  if (options.json !== undefined) {
    body = JSON.stringify(options.json);
    headers["Content-Type"] = "application/json";
  } else if (options.contentType) {
    headers["Content-Type"] = options.contentType;
  }
  return fetch(path, { method: options.method ?? "GET", headers, body, credentials: "same-origin", signal: options.signal });
}

async function request(path: string, options: RequestOptions = {}): Promise<Response> {
  let response = await send(path, options);
  if (response.status === 401 && !path.startsWith("/api/auth/")) {
    const token = await refreshAccessToken();
    if (token) {
      response = await send(path, options);
    }
    if (response.status === 401) onUnauthenticated?.();
  }
  if (!response.ok) throw new ApiError(await toProblem(response));
  return response;
}

export const api = {
  async get<T>(path: string, options: RequestOptions = {}): Promise<T> {
    const response = await request(path, options);
    return (await response.json()) as T;
  },
  async text(path: string, options: RequestOptions = {}): Promise<string> {
    const response = await request(path, options);
    return response.text();
  },
  async post<T>(path: string, json?: unknown, options: RequestOptions = {}): Promise<T> {
    const response = await request(path, { ...options, method: "POST", json });
    return response.status === 204 ? (undefined as T) : ((await response.json()) as T);
  },
  async postText<T>(path: string, body: string, contentType: string): Promise<T> {
    const response = await request(path, { method: "POST", body, contentType });
    return (await response.json()) as T;
  },
  async put<T>(path: string, json: unknown, options: RequestOptions = {}): Promise<T> {
    const response = await request(path, { ...options, method: "PUT", json });
    return (await response.json()) as T;
  },
  async delete(path: string): Promise<void> {
    await request(path, { method: "DELETE" });
  },
};
