/** Render helpers: the real providers with a fresh QueryClient and a signed-in user, router mocked. */
import { QueryClient } from "@tanstack/react-query";
import { render } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import type * as React from "react";
import { Providers } from "@/components/providers";
import type { Endpoint, Group, Me } from "@/lib/api/types";

export { router } from "./router";

export const me: Me = { id: "u1", email: "developer@localhost", name: "Local Developer", devMode: true, authMode: "dev", scope: "write" };

export function renderUi(ui: React.ReactElement) {
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false }, mutations: { retry: false } } });
  const user = userEvent.setup();
  const result = render(
    <Providers queryClient={queryClient} initialUser={me}>
      {ui}
    </Providers>,
  );
  return { ...result, user, queryClient };
}

export const group: Group = {
  id: "11111111-1111-1111-1111-111111111111",
  name: "erp",
  namespace: "default",
  description: "ERP mocks",
  server: { replicas: 1 },
  endpointCount: 1,
  mockUrl: "http://127.0.0.1:8000/erp",
  createdBy: "developer@localhost",
  createdAt: "2026-01-02T10:00:00Z",
  updatedAt: "2026-01-02T10:00:00Z",
  version: 1,
  source: "api",
};

export const endpoint: Endpoint = {
  id: "22222222-2222-2222-2222-222222222222",
  groupId: group.id,
  group: "erp",
  namespace: "default",
  name: "get-orders-orderid",
  method: "GET",
  path: "/orders/{orderId}",
  description: "Fetch one order",
  delay: { minMs: 0, maxMs: 0 },
  response: { status: 200, headers: {}, body: null, schema: { type: "object", properties: { id: { type: "integer" } } } },
  request: {
    query: [{ name: "page", required: true, value: null, schema: { type: "integer", minimum: 1, maximum: 500 }, onError: { status: 400, body: '{"error":"page"}' } }],
    headers: [{ name: "X-Tenant", required: true, value: "acme", schema: null, onError: null }],
    body: null,
  },
  chaos: { enabled: true, faults: null, passThrough: 0, rate: 0 },
  mockUrl: "http://127.0.0.1:8000/erp/orders/{orderId}",
  chaosUrl: "http://127.0.0.1:8000/erp/orders/{orderId}/chaos",
  createdBy: "developer@localhost",
  createdAt: "2026-01-02T10:00:00Z",
  updatedAt: "2026-01-02T10:00:00Z",
  version: 1,
  source: "api",
};
