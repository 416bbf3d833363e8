import { useQuery } from "@tanstack/react-query";
import { api } from "@/lib/api/client";
import type { Stats } from "@/lib/api/types";
import { queryKeys } from "./keys";

export function useStats() {
  return useQuery({ queryKey: queryKeys.stats(), queryFn: () => api.get<Stats>("/api/stats") });
}
