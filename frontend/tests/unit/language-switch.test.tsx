/** Switching language re-renders every string in pt-BR, persists the choice and sets <html lang>. */
import { screen } from "@testing-library/react";
import { http, HttpResponse } from "msw";
import { describe, expect, it } from "vitest";
import { StatCards } from "@/components/features/groups/stat-cards";
import { LanguageSwitcher } from "@/components/layout/language-switcher";
import { STORAGE_KEYS } from "@/context/app-context";
import { server } from "../msw/server";
import { renderUi } from "../render";

describe("language switch", () => {
  it("switches to pt-BR, formats numbers for it and remembers the choice", async () => {
    server.use(http.get("/api/stats", () => HttpResponse.json({ groups: 1234, endpoints: 5, byMethod: { GET: 5 }, chaosEnabled: 2 })));
    const { user } = renderUi(
      <>
        <LanguageSwitcher />
        <StatCards />
      </>,
    );
    expect(await screen.findByText("1,234")).toBeInTheDocument();
    expect(screen.getByText("Endpoints per method")).toBeInTheDocument();

    await user.selectOptions(screen.getByRole("combobox", { name: "Language" }), "Português (Brasil)");

    expect(await screen.findByText("Endpoints por método")).toBeInTheDocument();
    expect(screen.getByText("1.234")).toBeInTheDocument();
    expect(screen.getByRole("combobox", { name: "Idioma" })).toHaveValue("pt-BR");
    expect(window.localStorage.getItem(STORAGE_KEYS.language)).toBe("pt-BR");
    expect(document.documentElement.lang).toBe("pt-BR");
  });

  it("starts in the language saved in localStorage", async () => {
    window.localStorage.setItem(STORAGE_KEYS.language, "pt-BR");
    server.use(http.get("/api/stats", () => HttpResponse.json({ groups: 0, endpoints: 0, byMethod: {}, chaosEnabled: 0 })));
    renderUi(<StatCards />);
    expect(await screen.findByText("Endpoints com caos ativado")).toBeInTheDocument();
  });
});
