import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api } from "@/lib/api/client";
import type { Group, GroupIn, ImportResult, Page } from "@/lib/api/types";
import { queryKeys, toSearch, type ListParams } from "./keys";

export function useGroups(params: ListParams = { page: 1, pageSize: 100, sort: "name" }) {
  return useQuery({ queryKey: queryKeys.groups.list(params), queryFn: () => api.get<Page<Group>>(`/api/groups${toSearch(params)}`) });
}

export function useGroup(id: string) {
  return useQuery({ queryKey: queryKeys.groups.detail(id), queryFn: () => api.get<Group>(`/api/groups/${id}`), enabled: Boolean(id) });
}

export function useGroupYaml(id: string, enabled: boolean) {
  return useQuery({
    queryKey: queryKeys.groups.export(id),
    queryFn: () => api.text(`/api/groups/${id}/export`, { accept: "application/yaml" }),
    enabled,
    staleTime: 0,
  });
}

export function useCreateGroup() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: GroupIn) => api.post<Group>("/api/groups", body),
    onSuccess: (group) => {
      queryClient.setQueryData(queryKeys.groups.detail(group.id), group);
      void queryClient.invalidateQueries({ queryKey: queryKeys.groups.lists() });
      void queryClient.invalidateQueries({ queryKey: queryKeys.stats() });
    },
  });
}

/** Edits name/description; the detail is updated optimistically and rolled back on error. */
export function useUpdateGroup(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: GroupIn & { version?: number }) => {
      const { version, ...rest } = body;
      return api.put<Group>(`/api/groups/${id}`, rest, version !== undefined ? { headers: { "If-Match": `"${version}"` } } : {});
    },
    onMutate: async (body) => {
      await queryClient.cancelQueries({ queryKey: queryKeys.groups.detail(id), exact: true });
      const previous = queryClient.getQueryData<Group>(queryKeys.groups.detail(id));
      if (previous) queryClient.setQueryData<Group>(queryKeys.groups.detail(id), { ...previous, name: body.name, description: body.description ?? "" });
      return { previous };
    },
    onError: (_error, _body, context) => {
      if (context?.previous) queryClient.setQueryData(queryKeys.groups.detail(id), context.previous);
    },
    onSuccess: (group) => queryClient.setQueryData(queryKeys.groups.detail(id), group),
    onSettled: () => {
      void queryClient.invalidateQueries({ queryKey: queryKeys.groups.all });
    },
  });
}

/** Deletes a group; it disappears from the sidebar at once and comes back if the API refuses. */
export function useDeleteGroup() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.delete(`/api/groups/${id}`),
    onMutate: async (id) => {
      await queryClient.cancelQueries({ queryKey: queryKeys.groups.lists() });
      const lists = queryClient.getQueriesData<Page<Group>>({ queryKey: queryKeys.groups.lists() });
      for (const [key, page] of lists) {
        if (page) queryClient.setQueryData<Page<Group>>(key, { ...page, items: page.items.filter((g) => g.id !== id), total: page.total - 1 });
      }
      return { lists };
    },
    onError: (_error, _id, context) => {
      for (const [key, page] of context?.lists ?? []) queryClient.setQueryData(key, page);
    },
    onSuccess: (_data, id) => queryClient.removeQueries({ queryKey: queryKeys.groups.detail(id) }),
    onSettled: () => {
      void queryClient.invalidateQueries({ queryKey: queryKeys.groups.lists() });
      void queryClient.invalidateQueries({ queryKey: queryKeys.stats() });
    },
  });
}

export function useImportYaml() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (yaml: string) => api.postText<ImportResult>("/api/import", yaml, "application/yaml"),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: queryKeys.groups.all });
      void queryClient.invalidateQueries({ queryKey: queryKeys.stats() });
    },
  });
}
