/**
 * The whole console against the real stack: sign in (dev mode), create a group and an endpoint with a
 * required query parameter, a header and a response schema; test it (generated body, then the
 * configured error), run /chaos; edit; switch to pt-BR; reload; delete with confirmation. Every screen
 * is checked with axe (no serious or critical violations) and saved under test-results/screenshots/.
 */
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { copyFileSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const shots = fileURLToPath(new URL("../test-results/screenshots", import.meta.url));
const docsShots = fileURLToPath(new URL("../../docs/screenshots", import.meta.url));
const FOR_DOCS = new Set(["home", "group", "endpoint-form"]);

async function capture(page: Page, name: string): Promise<void> {
  mkdirSync(shots, { recursive: true });
  const file = join(shots, `${name}.png`);
  // Full-page captures render sticky header and sidebar where the page is scrolled: go to the top first.
  await page.evaluate(() => window.scrollTo(0, 0));
  // Toasts are transient: keep them out of the pictures.
  await page.screenshot({ path: file, fullPage: true, animations: "disabled", style: "[data-sonner-toaster]{display:none!important}" });
  if (process.env.UPDATE_DOCS_SCREENSHOTS && FOR_DOCS.has(name)) {
    mkdirSync(docsShots, { recursive: true });
    copyFileSync(file, join(docsShots, `${name}.png`));
  }
}

async function expectAccessible(page: Page, screen: string): Promise<void> {
  // A toast caught mid-fade has blended colours that axe reads as low contrast: check toasts at rest.
  await page.waitForFunction(() => [...document.querySelectorAll("[data-sonner-toast]")].every((t) => getComputedStyle(t).opacity === "1"));
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  const bad = results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${screen}: ${v.id} (${v.impact}) ${v.help} -> ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
  expect(bad).toEqual([]);
}

test("a new user signs in, builds and tests a mock, in English and Portuguese", async ({ page }) => {
  // Sign in
  await page.goto("/");
  await expect(page).toHaveURL(/\/login$/);
  await expect(page.getByText("Development mode")).toBeVisible();
  await expectAccessible(page, "login");
  await capture(page, "login");
  // Keyboard only: Tab reaches the sign-in button (after the language select and the theme toggle), Enter signs in.
  await page.keyboard.press("Tab");
  await page.keyboard.press("Tab");
  await page.keyboard.press("Tab");
  await expect(page.getByRole("button", { name: "Sign in as the local developer" })).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(page.getByRole("heading", { name: "Overview" })).toBeVisible();
  await expect(page.getByText("Dev mode").first()).toBeVisible();

  // Create a group
  await page.getByRole("button", { name: "New group" }).click();
  const groupDialog = page.getByRole("dialog", { name: "Create a group" });
  await groupDialog.getByLabel("Name").fill("shop");
  await groupDialog.getByLabel("Description").fill("E-commerce mocks");
  await groupDialog.getByRole("button", { name: "Create group" }).click();
  await expect(page).toHaveURL(/\/groups\/[0-9a-f-]{36}$/);
  const groupUrl = page.url();
  await expect(page.getByRole("heading", { level: 1, name: "shop" })).toBeVisible();
  await expect(page.getByRole("link", { name: /shop/ })).toHaveAttribute("aria-current", "page");
  await expect(page.getByText("This group has no endpoints yet")).toBeVisible();

  // Edit the group
  await page.getByRole("button", { name: "Edit group" }).click();
  const editDialog = page.getByRole("dialog", { name: "Edit the group" });
  await editDialog.getByLabel("Description").fill("E-commerce mocks for the checkout team");
  await editDialog.getByRole("button", { name: "Save" }).click();
  await expect(editDialog).toBeHidden();
  await expect(page.getByText("E-commerce mocks for the checkout team")).toBeVisible();

  // Import YAML: a second group appears in the sidebar
  await page.getByRole("button", { name: "Import YAML" }).click();
  const importDialog = page.getByRole("dialog", { name: "Import YAML" });
  await importDialog.getByLabel("YAML", { exact: true }).fill(
    ["apiVersion: mock.estoca.io/v1alpha1", "kind: MockGroup", "metadata:", "  name: billing", "spec:", "  description: Billing mocks", ""].join("\n"),
  );
  await importDialog.getByRole("button", { name: "Import", exact: true }).click();
  await expect(importDialog).toBeHidden();
  await expect(page.getByRole("link", { name: /billing/ })).toBeVisible();

  // Home shows the counts
  await page.getByRole("link", { name: "Home" }).click();
  await expect(page.getByRole("heading", { name: "Overview" })).toBeVisible();
  await expect(page.getByText("Groups", { exact: true }).first()).toBeVisible();
  await expectAccessible(page, "home");
  await page.getByRole("link", { name: /shop/ }).click();

  // Create an endpoint: required query parameter, a header, a response schema, chaos fault weights
  await page.getByRole("link", { name: "New endpoint" }).first().click();
  await expect(page.getByRole("heading", { name: "New endpoint" })).toBeVisible();
  await page.getByLabel("Path", { exact: true }).fill("/orders/{orderId}");
  await page.getByLabel("Description", { exact: true }).fill("Fetch one order");
  await page.getByLabel("Generate from a JSON Schema").check();
  await page.getByLabel("JSON Schema", { exact: true }).fill(
    JSON.stringify({ type: "object", required: ["id", "status"], properties: { id: { type: "integer", minimum: 1 }, status: { enum: ["created", "paid", "shipped"] } } }, null, 2),
  );
  await expect(page.getByText("Valid JSON Schema")).toBeVisible();

  await page.getByRole("button", { name: "Add a query parameter" }).click();
  const query = page.getByRole("listitem", { name: "query parameter 1" });
  await query.getByLabel("Name").fill("page");
  await query.getByLabel("Required").check();
  await query.getByLabel("Check").selectOption("schema");
  await query.getByLabel("Type").selectOption("integer");
  await query.getByLabel("Minimum").fill("1");
  await query.getByLabel("Maximum").fill("500");
  await query.getByLabel("Error status").fill("400");
  await query.getByLabel("Error response body").fill('{"error": "page must be 1..500"}');

  await page.getByRole("button", { name: "Add a header" }).click();
  const header = page.getByRole("listitem", { name: "header 1" });
  await header.getByLabel("Name").fill("X-Tenant");
  await header.getByLabel("Required").check();
  await header.getByLabel("Check").selectOption("value");
  await header.getByLabel("Expected value").fill("acme");

  await page.getByText("Advanced: fault weights").click();
  await page.getByLabel(/Choose the weight of each fault/).check();
  for (const fault of ["Wrong status", "Timeout", "Slow", "Delay", "Broken body", "Contract violation", "Wrong header", "Connection reset", "Empty reply", "Truncated body", "Dribble"]) {
    await page.getByLabel(fault, { exact: true }).fill("0");
  }
  await page.getByLabel("Error", { exact: true }).fill("1");
  await expectAccessible(page, "endpoint form");
  await capture(page, "endpoint-form");
  await page.getByRole("button", { name: "Create endpoint" }).click();

  await expect(page).toHaveURL(groupUrl);
  const card = page.getByTestId("endpoint-card");
  await expect(card).toHaveCount(1);
  await expect(card.getByText("/orders/{orderId}", { exact: true })).toBeVisible();
  await expect(card.getByText("Fetch one order", { exact: true })).toBeVisible();
  await expect(page.getByTestId("endpoint-count")).toHaveText("1");
  // The list's loading skeleton (endpoint-list-skeleton.tsx, 23.75rem) has a real card's height: no layout shift.
  const box = await card.boundingBox();
  expect(Math.abs((box?.height ?? 0) - 23.75 * 16)).toBeLessThanOrEqual(2);
  await expectAccessible(page, "group");
  await capture(page, "group");

  // Home again, now with an endpoint counted
  await page.getByRole("link", { name: "Home" }).click();
  await expect(page.getByText("Chaos-enabled endpoints")).toBeVisible();
  await expect(page.getByRole("definition").filter({ hasText: "1" })).toHaveCount(1);
  await capture(page, "home");
  await page.getByRole("link", { name: /shop/ }).click();
  await expect(card).toHaveCount(1);

  // Test: a generated body, then the configured error without the required parameter
  await card.getByRole("button", { name: "Test" }).click();
  const modal = page.getByRole("dialog", { name: "Test the endpoint" });
  await modal.getByRole("button", { name: "Send request" }).click();
  await expect(modal.getByTestId("test-status")).toHaveText("200");
  const generated = JSON.parse((await modal.getByTestId("test-body").textContent()) ?? "null");
  expect(Number.isInteger(generated.id) && generated.id >= 1).toBe(true);
  expect(["created", "paid", "shipped"]).toContain(generated.status);
  await expectAccessible(page, "test modal");
  await capture(page, "test-modal");

  await modal.getByRole("button", { name: "Remove page" }).click();
  await modal.getByRole("button", { name: "Send request" }).click();
  await expect(modal.getByTestId("test-status")).toHaveText("400");
  await expect(modal.getByTestId("test-body")).toContainText('"error": "page must be 1..500"');

  // Chaos path: the only weighted fault is "error"
  await modal.getByLabel("/chaos").check();
  await modal.getByRole("button", { name: "Send request" }).click();
  await expect(modal.getByTestId("test-fault")).toHaveText("Error");
  await capture(page, "test-modal-chaos");
  await page.keyboard.press("Escape");
  await expect(modal).toBeHidden();

  // View as YAML
  await card.getByRole("button", { name: "View as YAML" }).click();
  const yaml = page.getByRole("dialog", { name: "YAML resources" });
  await expect(yaml.getByLabel("YAML resources")).toContainText("kind: MockEndpoint");
  await capture(page, "yaml");
  await page.keyboard.press("Escape");

  // Edit
  await card.getByRole("link", { name: "Edit" }).click();
  await expect(page.getByRole("heading", { name: "Edit endpoint" })).toBeVisible();
  await expect(page.getByLabel("Path", { exact: true })).toHaveValue("/orders/{orderId}");
  await page.getByLabel("Description", { exact: true }).fill("Fetch one order by id");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page).toHaveURL(groupUrl);
  await expect(card.getByText("Fetch one order by id")).toBeVisible();

  // Switch to pt-BR
  await page.getByRole("combobox", { name: "Language" }).selectOption("pt-BR");
  await expect(page.getByRole("link", { name: "Novo endpoint" })).toBeVisible();
  await expect(page.locator("html")).toHaveAttribute("lang", "pt-BR");
  await expectAccessible(page, "group (pt-BR)");
  await capture(page, "group-pt-BR");

  // Reload: still signed in, still Portuguese, group and edited endpoint still there
  await page.reload();
  await expect(page.getByRole("heading", { level: 1, name: "shop" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Novo endpoint" })).toBeVisible();
  await expect(page.getByTestId("endpoint-card").getByText("Fetch one order by id")).toBeVisible();
  await expect(page.getByRole("link", { name: /shop/ })).toHaveAttribute("aria-current", "page");

  // Delete with confirmation (in Portuguese), and it stays deleted after a reload
  await page.getByTestId("endpoint-card").getByRole("button", { name: "Excluir" }).click();
  const confirm = page.getByRole("alertdialog");
  await expect(confirm).toContainText("Excluir o endpoint");
  await capture(page, "delete-confirmation");
  await confirm.getByRole("button", { name: "Excluir endpoint" }).click();
  await expect(page.getByText("Este grupo ainda não tem endpoints")).toBeVisible();
  await page.reload();
  await expect(page.getByText("Este grupo ainda não tem endpoints")).toBeVisible();
  await expect(page.getByTestId("endpoint-count")).toHaveText("0");

  // Dark theme, remembered across a reload
  await page.getByRole("button", { name: "Alternar entre tema claro e escuro" }).click();
  await expect(page.locator("html")).toHaveClass(/dark/);
  await page.reload();
  await expect(page.locator("html")).toHaveClass(/dark/);
  await expect(page.getByText("Este grupo ainda não tem endpoints")).toBeVisible();
  await expectAccessible(page, "group (dark)");
  await capture(page, "group-dark");

  // Small screens: the sidebar is a drawer opened from the header
  await page.setViewportSize({ width: 390, height: 844 });
  await expect(page.getByRole("link", { name: /shop/ })).toBeHidden();
  await page.getByRole("button", { name: "Mostrar a barra lateral" }).click();
  await expect(page.getByRole("link", { name: /shop/ })).toBeVisible();
  await expectAccessible(page, "mobile drawer");
  await capture(page, "mobile-drawer");
  await page.getByRole("link", { name: /shop/ }).click();
  await expect(page.getByRole("link", { name: /shop/ })).toBeHidden();
});
