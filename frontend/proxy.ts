/**
 * Sends `/api/*` (and the API's /docs, /redoc, /openapi.json) to the API so the browser talks to one
 * origin and the refresh cookie stays first-party. This is a runtime rewrite: `API_URL` is read
 * when the request arrives, so one build serves any API address (next.config rewrites are frozen at
 * build time, which would tie the build to one API_URL).
 */
import { NextResponse, type NextRequest } from "next/server";

export function apiBase(): string {
  return (process.env.API_URL ?? "http://127.0.0.1:8000").replace(/\/+$/, "");
}

export function proxy(request: NextRequest): NextResponse {
  const target = new URL(`${apiBase()}${request.nextUrl.pathname}${request.nextUrl.search}`);
  return NextResponse.rewrite(target);
}

export const config = {
  matcher: ["/api/:path*", "/docs", "/redoc", "/openapi.json"],
};
