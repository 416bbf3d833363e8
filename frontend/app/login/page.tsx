"use client";

import { LoginCard } from "@/components/features/auth/login-card";
import { LanguageSwitcher } from "@/components/layout/language-switcher";
import { ThemeToggle } from "@/components/layout/theme-toggle";

export default function LoginPage() {
  return (
    <div className="flex min-h-svh flex-col">
      <header className="flex justify-end gap-1 p-4">
        <LanguageSwitcher />
        <ThemeToggle />
      </header>
      <main className="flex flex-1 items-center justify-center p-4">
        <LoginCard />
      </main>
    </div>
  );
}
