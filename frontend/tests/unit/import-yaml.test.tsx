/** Import YAML: the text goes as application/yaml; per-document errors are listed; success says what changed. */
import { screen, waitFor, within } from "@testing-library/react";
import { http, HttpResponse } from "msw";
import { describe, expect, it } from "vitest";
import { ImportYamlDialog } from "@/components/features/groups/import-yaml-dialog";
import { server } from "../msw/server";
import { renderUi } from "../render";

const yaml = "apiVersion: mock.estoca.io/v1alpha1\nkind: MockGroup\nmetadata:\n  name: erp\n";

describe("Import YAML dialog", () => {
  it("lists the errors of each document and keeps the text", async () => {
    server.use(
      http.post("/api/import", () =>
        HttpResponse.json(
          { type: "about:blank", title: "Invalid", status: 422, errors: [{ field: "document 2: spec.path", message: "must start with '/'", type: "value_error" }] },
          { status: 422 },
        ),
      ),
    );
    const { user } = renderUi(<ImportYamlDialog />);
    await user.click(screen.getByRole("button", { name: "Import YAML" }));
    const dialog = await screen.findByRole("dialog", { name: "Import YAML" });
    await user.click(within(dialog).getByLabelText("YAML"));
    await user.paste(yaml);
    await user.click(within(dialog).getByRole("button", { name: "Import" }));
    expect(await within(dialog).findByText("document 2: spec.path: must start with '/'")).toBeInTheDocument();
    expect(within(dialog).getByLabelText("YAML")).toHaveValue(yaml);
  });

  it("sends the YAML as application/yaml and reports what was created", async () => {
    let received: { type: string | null; text: string } | null = null;
    server.use(
      http.post("/api/import", async ({ request }) => {
        received = { type: request.headers.get("content-type"), text: await request.text() };
        return HttpResponse.json({ created: 1, updated: 0, unchanged: 0, resources: [{ kind: "MockGroup", namespace: "default", name: "erp", action: "created" }] });
      }),
    );
    const { user } = renderUi(<ImportYamlDialog />);
    await user.click(screen.getByRole("button", { name: "Import YAML" }));
    const dialog = await screen.findByRole("dialog");
    await user.click(within(dialog).getByLabelText("YAML"));
    await user.paste(yaml);
    await user.click(within(dialog).getByRole("button", { name: "Import" }));
    expect(await screen.findByText("Imported: 1 created, 0 updated, 0 unchanged")).toBeInTheDocument();
    await waitFor(() => expect(screen.queryByRole("dialog")).not.toBeInTheDocument());
    expect(received).toEqual({ type: "application/yaml", text: yaml });
  });
});
