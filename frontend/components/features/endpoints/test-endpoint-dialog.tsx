"use client";

import { PlayIcon } from "lucide-react";
import dynamic from "next/dynamic";
import { useTranslation } from "react-i18next";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogHeader, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
import { Skeleton } from "@/components/ui/skeleton";
import type { Endpoint } from "@/lib/api/types";

// Loaded when the modal first opens.
const TestEndpointForm = dynamic(() => import("@/components/features/endpoints/test-endpoint-form").then((m) => m.TestEndpointForm), {
  loading: () => <Skeleton className="h-80 w-full" />,
});

export function TestEndpointDialog({ groupId, endpoint }: { groupId: string; endpoint: Endpoint }) {
  const { t } = useTranslation();
  return (
    <Dialog>
      <DialogTrigger asChild>
        <Button size="sm">
          <PlayIcon aria-hidden="true" />
          {t("test.open")}
        </Button>
      </DialogTrigger>
      <DialogContent className="sm:max-w-3xl">
        <DialogHeader>
          <DialogTitle>{t("test.title")}</DialogTitle>
          <DialogDescription>
            {endpoint.method} {endpoint.path}
          </DialogDescription>
        </DialogHeader>
        <TestEndpointForm groupId={groupId} endpoint={endpoint} />
      </DialogContent>
    </Dialog>
  );
}
