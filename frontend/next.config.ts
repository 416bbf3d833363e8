import type { NextConfig } from "next";

/**
 * The browser only ever talks to this origin: `/api/*` is proxied to the API so the refresh cookie
 * is first-party and no CORS is needed. `API_URL` is read when the server starts (rewrites are
 * evaluated at build time for static values, so we read it lazily inside `rewrites`).
 */
const nextConfig: NextConfig = {
  output: "standalone",
  reactStrictMode: true,
  poweredByHeader: false,
  async rewrites() {
    const api = (process.env.API_URL ?? "http://127.0.0.1:8000").replace(/\/$/, "");
    return [
      { source: "/api/:path*", destination: `${api}/api/:path*` },
      // The API's own reference pages, linked from the footer.
      { source: "/docs", destination: `${api}/docs` },
      { source: "/redoc", destination: `${api}/redoc` },
      { source: "/openapi.json", destination: `${api}/openapi.json` },
    ];
  },
};

export default nextConfig;
