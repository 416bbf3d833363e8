/** Sign-in: dev mode explains itself and signs in with one click; with OIDC the browser goes to the provider. */
import { QueryClient } from "@tanstack/react-query";
import { render, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { http, HttpResponse } from "msw";
import { afterEach, describe, expect, it, vi } from "vitest";
import { LoginCard } from "@/components/features/auth/login-card";
import { Providers } from "@/components/providers";
import { setAccessToken } from "@/lib/api/client";
import { server } from "../msw/server";
import { me, router } from "../render";

function renderLogin() {
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  render(
    <Providers queryClient={queryClient} initialUser={null}>
      <LoginCard />
    </Providers>,
  );
  return userEvent.setup();
}

afterEach(() => {
  setAccessToken(null);
  vi.unstubAllGlobals();
});

describe("LoginCard", () => {
  it("in dev mode shows the notice and signs the local developer in with one click", async () => {
    const calls: string[] = [];
    server.use(
      http.get("/api/auth/config", () => HttpResponse.json({ authMode: "dev", devMode: true, providerName: "Google" })),
      http.post("/api/auth/login", () => {
        calls.push("login");
        return HttpResponse.json({ redirectUrl: "/" });
      }),
      http.post("/api/auth/refresh", () => {
        calls.push("refresh");
        return HttpResponse.json({ accessToken: "t1", tokenType: "bearer", expiresIn: 900 });
      }),
      http.get("/api/auth/me", ({ request }) => {
        calls.push(`me ${request.headers.get("authorization")}`);
        return HttpResponse.json(me);
      }),
    );
    const user = renderLogin();
    expect(await screen.findByText("Development mode")).toBeInTheDocument();
    await user.click(screen.getByRole("button", { name: "Sign in as the local developer" }));
    await waitFor(() => expect(router.replace).toHaveBeenCalledWith("/"));
    expect(calls).toEqual(["login", "refresh", "me Bearer t1"]);
  });

  it("with OIDC sends the browser to the provider", async () => {
    const assign = vi.fn();
    vi.stubGlobal("location", { ...window.location, assign });
    server.use(
      http.get("/api/auth/config", () => HttpResponse.json({ authMode: "oidc", devMode: false, providerName: "Google" })),
      http.post("/api/auth/login", () => HttpResponse.json({ redirectUrl: "https://accounts.google.com/o/oauth2/v2/auth?client_id=x" })),
    );
    const user = renderLogin();
    await user.click(await screen.findByRole("button", { name: "Sign in with Google" }));
    await waitFor(() => expect(assign).toHaveBeenCalledWith("https://accounts.google.com/o/oauth2/v2/auth?client_id=x"));
    expect(screen.queryByText("Development mode")).not.toBeInTheDocument();
  });

  it("says how to fix it when the API cannot be reached", async () => {
    server.use(http.get("/api/auth/config", () => HttpResponse.error()));
    renderLogin();
    expect(await screen.findByText("Check that the API is running (make run starts it on :8000) and try again.")).toBeInTheDocument();
  });

  it("explains a failed sign-in that the API's callback sent back here", async () => {
    window.history.replaceState(null, "", "/login?error=not-allowed&message=mallory%40evil.org%20is%20not%20allowed%20to%20sign%20in");
    server.use(
      http.get("/api/auth/config", () => HttpResponse.json({ authMode: "oidc", devMode: false, providerName: "Google" })),
    );
    renderLogin();
    const alert = await screen.findByRole("alert");
    expect(alert).toHaveTextContent("Sign-in failed");
    expect(alert).toHaveTextContent("mallory@evil.org is not allowed to sign in");
    window.history.replaceState(null, "", "/");
  });
});
