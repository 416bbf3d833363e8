/** The fetch client: Bearer token, one refresh on 401 then a retry, and problem+json turned into ApiError. */
import { http, HttpResponse } from "msw";
import { afterEach, describe, expect, it, vi } from "vitest";
import { api, ApiError, setAccessToken, setUnauthenticatedHandler } from "@/lib/api/client";
import { server } from "../msw/server";

afterEach(() => {
  setAccessToken(null);
  setUnauthenticatedHandler(null);
});

describe("api client", () => {
  it("refreshes the access token once on 401 and retries with the new one", async () => {
    setAccessToken("old");
    const seen: (string | null)[] = [];
    server.use(
      http.get("/api/stats", ({ request }) => {
        const auth = request.headers.get("authorization");
        seen.push(auth);
        return auth === "Bearer fresh" ? HttpResponse.json({ groups: 3 }) : HttpResponse.json({ title: "Unauthorized", status: 401 }, { status: 401 });
      }),
      http.post("/api/auth/refresh", () => HttpResponse.json({ accessToken: "fresh", tokenType: "bearer", expiresIn: 900 })),
    );
    await expect(api.get<{ groups: number }>("/api/stats")).resolves.toEqual({ groups: 3 });
    expect(seen).toEqual(["Bearer old", "Bearer fresh"]);
  });

  it("signs the user out when the refresh cookie is no longer valid", async () => {
    const onOut = vi.fn();
    setUnauthenticatedHandler(onOut);
    server.use(
      http.get("/api/groups", () => HttpResponse.json({ title: "Unauthorized", status: 401, detail: "Sign in first" }, { status: 401 })),
      http.post("/api/auth/refresh", () => HttpResponse.json({ title: "Unauthorized", status: 401 }, { status: 401 })),
    );
    const error = await api.get("/api/groups").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toBe(401);
    expect(onOut).toHaveBeenCalledOnce();
  });

  it("keeps the problem's field errors and sends the page language", async () => {
    document.documentElement.lang = "pt-BR";
    let language: string | null = null;
    server.use(
      http.post("/api/groups", ({ request }) => {
        language = request.headers.get("accept-language");
        return HttpResponse.json(
          { type: "about:blank", title: "Requisição inválida", status: 422, detail: "1 campo inválido", errors: [{ field: "name", message: "nome reservado", type: "value_error" }] },
          { status: 422, headers: { "Content-Type": "application/problem+json" } },
        );
      }),
    );
    const error = (await api.post("/api/groups", { name: "api" }).catch((e: unknown) => e)) as ApiError;
    document.documentElement.lang = "en";
    expect(language).toBe("pt-BR");
    expect(error.message).toBe("1 campo inválido");
    expect(error.problem.errors).toEqual([{ field: "name", message: "nome reservado", type: "value_error" }]);
  });

  it("turns a non-JSON failure into a readable problem", async () => {
    server.use(http.get("/api/stats", () => new HttpResponse("upstream down", { status: 502, statusText: "Bad Gateway" })));
    const error = (await api.get("/api/stats").catch((e: unknown) => e)) as ApiError;
    expect(error.status).toBe(502);
    expect(error.problem.title).toBe("Bad Gateway");
    expect(error.problem.detail).toBe("upstream down");
  });
});
