"use client";

import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { ThemeProvider } from "next-themes";
import * as React from "react";
import { I18nextProvider } from "react-i18next";
import { Toaster } from "@/components/ui/sonner";
import { AppProvider } from "@/context/app-context";
import { ApiError } from "@/lib/api/client";
import type { Me } from "@/lib/api/types";
import { i18n } from "@/lib/i18n";

export function makeQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 15_000,
        refetchOnWindowFocus: false,
        // Client errors will not get better by retrying; network blips might.
        retry: (count, error) => !(error instanceof ApiError && error.status < 500) && count < 2,
      },
      mutations: { retry: false },
    },
  });
}

export function Providers({ children, queryClient, initialUser }: { children: React.ReactNode; queryClient?: QueryClient; initialUser?: Me | null }) {
  const [client] = React.useState(() => queryClient ?? makeQueryClient());
  return (
    <QueryClientProvider client={client}>
      <ThemeProvider attribute="class" defaultTheme="system" enableSystem disableTransitionOnChange>
        <I18nextProvider i18n={i18n}>
          <AppProvider initialUser={initialUser}>
            {children}
            <Toaster />
          </AppProvider>
        </I18nextProvider>
      </ThemeProvider>
    </QueryClientProvider>
  );
}
