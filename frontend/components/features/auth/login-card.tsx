"use client";

import { CircleAlertIcon, InfoIcon, LogInIcon } from "lucide-react";
import { useRouter } from "next/navigation";
import * as React from "react";
import { useTranslation } from "react-i18next";
import { Logo } from "@/components/layout/logo";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader } from "@/components/ui/card";
import { ErrorState } from "@/components/ui/error-state";
import { Skeleton } from "@/components/ui/skeleton";
import { Spinner } from "@/components/ui/spinner";
import { useApp } from "@/context/app-context";
import { useAuthConfig, useLogin } from "@/hooks/queries/auth";

/** Sign-in: Google (or the configured OIDC provider) through the API, or one click in dev mode. */
export function LoginCard() {
  const { t } = useTranslation();
  const router = useRouter();
  const { status, reloadSession } = useApp();
  const config = useAuthConfig();
  const login = useLogin();
  const failure = useSignInFailure();

  React.useEffect(() => {
    if (status === "authenticated") router.replace("/");
  }, [status, router]);

  async function signIn() {
    const { redirectUrl } = await login.mutateAsync();
    if (redirectUrl.startsWith("/")) {
      // Dev mode: the cookie is already set; load the session and go in without a page load.
      await reloadSession();
      router.replace(redirectUrl);
    } else {
      window.location.assign(redirectUrl);
    }
  }

  const dev = config.data?.devMode ?? false;
  const provider = config.data?.providerName || "Google";
  return (
    <Card className="w-full max-w-md">
      <CardHeader className="items-center gap-3 text-center">
        <Logo />
        <h1 className="text-2xl leading-none font-semibold">{t("auth.title")}</h1>
        <CardDescription>{t("auth.subtitle")}</CardDescription>
      </CardHeader>
      <CardContent className="grid gap-4">
        {failure ? (
          <div role="alert" className="flex gap-3 rounded-lg border border-destructive/50 bg-destructive/10 p-3 text-sm">
            <CircleAlertIcon className="mt-0.5 size-4 shrink-0" aria-hidden="true" />
            <div className="grid gap-1">
              <p className="font-medium">{t("auth.failedTitle")}</p>
              <p>{failure.message || t("auth.failedGeneric")}</p>
              <p className="text-muted-foreground">{t("auth.failedHint")}</p>
            </div>
          </div>
        ) : null}
        {config.isPending ? (
          <Skeleton className="h-24 w-full" />
        ) : config.isError ? (
          <ErrorState error={config.error} onRetry={() => void config.refetch()} />
        ) : dev ? (
          <div role="note" className="flex gap-3 rounded-lg border border-amber-500/50 bg-amber-500/10 p-3 text-sm">
            <InfoIcon className="mt-0.5 size-4 shrink-0" aria-hidden="true" />
            <div className="grid gap-1">
              <p className="font-medium">{t("auth.devTitle")}</p>
              <p className="text-muted-foreground">{t("auth.devBody")}</p>
            </div>
          </div>
        ) : (
          <p className="h-24 text-sm text-muted-foreground">{t("auth.oidcBody", { provider })}</p>
        )}
        <Button size="lg" onClick={() => void signIn().catch(() => undefined)} disabled={login.isPending || config.isPending}>
          {login.isPending ? <Spinner /> : <LogInIcon aria-hidden="true" />}
          {dev ? t("auth.devSignIn") : t("auth.signInWith", { provider })}
        </Button>
        {login.isError ? <ErrorState error={login.error} /> : null}
      </CardContent>
    </Card>
  );
}

/**
 * Why the last sign-in failed, when the API's callback sent the browser back here
 * (`/login?error=<code>&message=<already translated text>`). The server render sees no query, so it matches.
 */
function useSignInFailure(): { code: string; message: string } | null {
  const search = React.useSyncExternalStore(
    noSubscription,
    () => window.location.search,
    () => "",
  );
  return React.useMemo(() => {
    const params = new URLSearchParams(search);
    const code = params.get("error");
    return code ? { code, message: params.get("message") ?? "" } : null;
  }, [search]);
}

function noSubscription(): () => void {
  return () => undefined;
}
