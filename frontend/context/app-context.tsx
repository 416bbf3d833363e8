"use client";

/**
 * The small amount of client state that is not server state: who is signed in, and the UI
 * preferences (language, sidebar) persisted in localStorage. The theme is persisted by next-themes.
 * Server data lives in TanStack Query, never here.
 */
import { useQueryClient } from "@tanstack/react-query";
import * as React from "react";
import { api, refreshAccessToken, setAccessToken, setUnauthenticatedHandler } from "@/lib/api/client";
import type { Me } from "@/lib/api/types";
import { isLanguage, switchLanguage, type Language } from "@/lib/i18n";

export const STORAGE_KEYS = { language: "estoca.language", sidebar: "estoca.sidebarOpen" } as const;

type SessionStatus = "loading" | "authenticated" | "anonymous";

interface AppContextValue {
  status: SessionStatus;
  user: Me | null;
  signOut: () => Promise<void>;
  reloadSession: () => Promise<void>;
  language: Language;
  setLanguage: (language: Language) => Promise<void>;
  sidebarOpen: boolean;
  setSidebarOpen: (open: boolean) => void;
}

const AppContext = React.createContext<AppContextValue | null>(null);

function readStorage(key: string): string | null {
  try {
    return window.localStorage.getItem(key);
  } catch {
    return null;
  }
}

function writeStorage(key: string, value: string): void {
  try {
    window.localStorage.setItem(key, value);
  } catch {
    // private mode or quota: the preference just does not persist
  }
}

/** Exchange the refresh cookie for an access token, then ask who we are; null when signed out. */
async function loadSession(): Promise<Me | null> {
  const token = await refreshAccessToken();
  if (!token) return null;
  try {
    return await api.get<Me>("/api/auth/me");
  } catch {
    return null;
  }
}

const useIsomorphicLayoutEffect = typeof window === "undefined" ? React.useEffect : React.useLayoutEffect;

export function AppProvider({ children, initialUser }: { children: React.ReactNode; initialUser?: Me | null }) {
  const queryClient = useQueryClient();
  const [status, setStatus] = React.useState<SessionStatus>(initialUser === undefined ? "loading" : initialUser ? "authenticated" : "anonymous");
  const [user, setUser] = React.useState<Me | null>(initialUser ?? null);
  const [language, setLanguageState] = React.useState<Language>("en");
  const [sidebarOpen, setSidebarOpenState] = React.useState(true);

  // Read the persisted preferences before the first paint so the page never flashes the wrong language.
  useIsomorphicLayoutEffect(() => {
    const stored = readStorage(STORAGE_KEYS.language);
    const lang: Language = isLanguage(stored) ? stored : "en";
    if (lang !== "en") {
      void switchLanguage(lang).then(() => {
        setLanguageState(lang);
        document.documentElement.lang = lang;
      });
    }
    setSidebarOpenState(readStorage(STORAGE_KEYS.sidebar) !== "false");
  }, []);

  const applySession = React.useCallback((me: Me | null) => {
    setUser(me);
    setStatus(me ? "authenticated" : "anonymous");
  }, []);

  const reloadSession = React.useCallback(async () => applySession(await loadSession()), [applySession]);

  React.useEffect(() => {
    if (initialUser !== undefined) return;
    let cancelled = false;
    void loadSession().then((me) => {
      if (!cancelled) applySession(me);
    });
    return () => {
      cancelled = true;
    };
  }, [initialUser, applySession]);

  React.useEffect(() => {
    setUnauthenticatedHandler(() => {
      setAccessToken(null);
      setUser(null);
      setStatus("anonymous");
    });
    return () => setUnauthenticatedHandler(null);
  }, []);

  const signOut = React.useCallback(async () => {
    try {
      await api.post("/api/auth/logout");
    } finally {
      setAccessToken(null);
      queryClient.clear();
      setUser(null);
      setStatus("anonymous");
    }
  }, [queryClient]);

  const setLanguage = React.useCallback(async (lang: Language) => {
    writeStorage(STORAGE_KEYS.language, lang);
    await switchLanguage(lang);
    setLanguageState(lang);
    document.documentElement.lang = lang;
  }, []);

  const setSidebarOpen = React.useCallback((open: boolean) => {
    setSidebarOpenState(open);
    writeStorage(STORAGE_KEYS.sidebar, String(open));
  }, []);

  const value = React.useMemo<AppContextValue>(
    () => ({ status, user, signOut, reloadSession, language, setLanguage, sidebarOpen, setSidebarOpen }),
    [status, user, signOut, reloadSession, language, setLanguage, sidebarOpen, setSidebarOpen],
  );
  return <AppContext.Provider value={value}>{children}</AppContext.Provider>;
}

export function useApp(): AppContextValue {
  const value = React.useContext(AppContext);
  if (!value) throw new Error("useApp must be used inside <AppProvider>");
  return value;
}
