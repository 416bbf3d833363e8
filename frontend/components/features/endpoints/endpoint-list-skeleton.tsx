import { Skeleton } from "@/components/ui/skeleton";

/** Two cards of a real card's height, so the page does not jump when the list arrives. */
export function EndpointListSkeleton() {
  return (
    <div className="grid gap-4 lg:grid-cols-2" aria-busy="true">
      <Skeleton className="h-[23.75rem] w-full rounded-xl" />
      <Skeleton className="h-[23.75rem] w-full rounded-xl" />
    </div>
  );
}
