import type { NextConfig } from "next";

/**
 * `/api/*` reaches the API through the runtime rewrite in proxy.ts (API_URL is read per request, so
 * one build works against any API address). `output: "standalone"` feeds the Docker image.
 */
const nextConfig: NextConfig = {
  output: "standalone",
  reactStrictMode: true,
  poweredByHeader: false,
};

export default nextConfig;
