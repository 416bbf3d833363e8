import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api } from "@/lib/api/client";
import type { Endpoint, EndpointIn, Page, TestRequest, TestResult } from "@/lib/api/types";
import { queryKeys, toSearch, type ListParams } from "./keys";

const base = (groupId: string) => `/api/groups/${groupId}/endpoints`;

export function useEndpoints(groupId: string, params: ListParams = { page: 1, pageSize: 100, sort: "createdAt" }) {
  return useQuery({
    queryKey: queryKeys.endpoints.list(groupId, params),
    queryFn: () => api.get<Page<Endpoint>>(`${base(groupId)}${toSearch(params)}`),
    enabled: Boolean(groupId),
  });
}

export function useEndpoint(groupId: string, id: string) {
  return useQuery({
    queryKey: queryKeys.endpoints.detail(groupId, id),
    queryFn: () => api.get<Endpoint>(`${base(groupId)}/${id}`),
    enabled: Boolean(groupId && id),
  });
}

function useInvalidateGroup(groupId: string) {
  const queryClient = useQueryClient();
  return () => {
    // The group's endpointCount, its export and the home stats all change with its endpoints.
    void queryClient.invalidateQueries({ queryKey: queryKeys.groups.detail(groupId) });
    void queryClient.invalidateQueries({ queryKey: queryKeys.groups.lists() });
    void queryClient.invalidateQueries({ queryKey: queryKeys.stats() });
  };
}

export function useSaveEndpoint(groupId: string, id?: string) {
  const queryClient = useQueryClient();
  const invalidate = useInvalidateGroup(groupId);
  return useMutation({
    mutationFn: (body: EndpointIn) => (id ? api.put<Endpoint>(`${base(groupId)}/${id}`, body) : api.post<Endpoint>(base(groupId), body)),
    onSuccess: (endpoint) => {
      queryClient.setQueryData(queryKeys.endpoints.detail(groupId, endpoint.id), endpoint);
      invalidate();
    },
  });
}

/** Deletes an endpoint; its card leaves the list at once and returns if the API refuses. */
export function useDeleteEndpoint(groupId: string) {
  const queryClient = useQueryClient();
  const invalidate = useInvalidateGroup(groupId);
  const listsKey = [...queryKeys.endpoints.all(groupId), "list"];
  return useMutation({
    mutationFn: (id: string) => api.delete(`${base(groupId)}/${id}`),
    onMutate: async (id) => {
      await queryClient.cancelQueries({ queryKey: listsKey });
      const lists = queryClient.getQueriesData<Page<Endpoint>>({ queryKey: listsKey });
      for (const [key, page] of lists) {
        if (page) queryClient.setQueryData<Page<Endpoint>>(key, { ...page, items: page.items.filter((e) => e.id !== id), total: page.total - 1 });
      }
      return { lists };
    },
    onError: (_error, _id, context) => {
      for (const [key, page] of context?.lists ?? []) queryClient.setQueryData(key, page);
    },
    onSuccess: (_data, id) => queryClient.removeQueries({ queryKey: queryKeys.endpoints.detail(groupId, id) }),
    onSettled: invalidate,
  });
}

export function useTestEndpoint(groupId: string, id: string) {
  return useMutation({ mutationFn: (body: TestRequest) => api.post<TestResult>(`${base(groupId)}/${id}/test`, body) });
}
