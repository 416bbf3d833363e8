/**
 * Hierarchical query keys: invalidating a prefix invalidates everything under it, so
 * `groups.detail(id)` also refreshes that group's endpoints and export.
 */
export interface ListParams {
  page?: number;
  pageSize?: number;
  q?: string;
  sort?: string;
}

export const queryKeys = {
  auth: {
    all: ["auth"] as const,
    config: () => ["auth", "config"] as const,
  },
  stats: () => ["stats"] as const,
  groups: {
    all: ["groups"] as const,
    lists: () => ["groups", "list"] as const,
    list: (params: ListParams) => ["groups", "list", params] as const,
    detail: (id: string) => ["groups", "detail", id] as const,
    export: (id: string) => ["groups", "detail", id, "export"] as const,
  },
  endpoints: {
    all: (groupId: string) => ["groups", "detail", groupId, "endpoints"] as const,
    list: (groupId: string, params: ListParams) => ["groups", "detail", groupId, "endpoints", "list", params] as const,
    detail: (groupId: string, id: string) => ["groups", "detail", groupId, "endpoints", "detail", id] as const,
  },
};

export function toSearch(params: ListParams): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== "") search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : "";
}
