import { vi } from "vitest";

/** The mocked Next router shared by every component test (see setup.ts). */
export const router = { push: vi.fn(), replace: vi.fn(), back: vi.fn(), refresh: vi.fn(), prefetch: vi.fn(), forward: vi.fn() };
export const navigation = { pathname: "/", params: {} as Record<string, string> };
