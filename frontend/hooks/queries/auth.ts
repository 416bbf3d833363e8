import { useMutation, useQuery } from "@tanstack/react-query";
import { api } from "@/lib/api/client";
import type { AuthConfig } from "@/lib/api/types";
import { queryKeys } from "./keys";

export function useAuthConfig() {
  return useQuery({ queryKey: queryKeys.auth.config(), queryFn: () => api.get<AuthConfig>("/api/auth/config"), staleTime: Infinity });
}

/** Starts sign-in: the API answers with where to go (the provider, or `/` in dev mode). */
export function useLogin() {
  return useMutation({ mutationFn: () => api.post<{ redirectUrl: string }>("/api/auth/login") });
}
