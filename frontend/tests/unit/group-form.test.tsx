/** The group form: DNS-1123 and reserved names refused inline; a duplicate name (409) lands on the name. */
import { screen, waitFor } from "@testing-library/react";
import { http, HttpResponse } from "msw";
import { describe, expect, it, vi } from "vitest";
import { GroupForm } from "@/components/features/groups/group-form";
import { server } from "../msw/server";
import { group, renderUi, router } from "../render";

describe("GroupForm", () => {
  it("refuses reserved and non DNS-1123 names as you type", async () => {
    const { user } = renderUi(<GroupForm mode="create" onDone={vi.fn()} />);
    const name = screen.getByLabelText("Name");
    await user.type(name, "api");
    expect(await screen.findByText(/'api' is reserved/)).toBeInTheDocument();
    await user.clear(name);
    await user.type(name, "Erp");
    expect(await screen.findByText(/Use lower-case letters, digits and '-'/)).toBeInTheDocument();
  });

  it("shows the API's 409 on the name input", async () => {
    server.use(http.post("/api/groups", () => HttpResponse.json({ type: "https://estoca.io/problems/conflict", title: "Conflict", status: 409, detail: "A group named erp already exists in default" }, { status: 409 })));
    const onDone = vi.fn();
    const { user } = renderUi(<GroupForm mode="create" onDone={onDone} />);
    await user.type(screen.getByLabelText("Name"), "erp");
    await user.click(screen.getByRole("button", { name: "Create group" }));
    expect(await screen.findByText("A group named erp already exists in default")).toBeInTheDocument();
    expect(screen.getByLabelText("Name")).toHaveAttribute("aria-invalid", "true");
    expect(onDone).not.toHaveBeenCalled();
  });

  it("creates the group and opens it", async () => {
    let sent: unknown = null;
    server.use(
      http.post("/api/groups", async ({ request }) => {
        sent = await request.json();
        return HttpResponse.json(group, { status: 201 });
      }),
      http.get("/api/groups", () => HttpResponse.json({ items: [group], total: 1, page: 1, pageSize: 100 })),
      http.get("/api/stats", () => HttpResponse.json({ groups: 1, endpoints: 0, byMethod: {}, chaosEnabled: 0 })),
    );
    const onDone = vi.fn();
    const { user } = renderUi(<GroupForm mode="create" onDone={onDone} />);
    await user.type(screen.getByLabelText("Name"), "erp");
    await user.type(screen.getByLabelText("Description"), "ERP mocks");
    await user.click(screen.getByRole("button", { name: "Create group" }));
    await waitFor(() => expect(onDone).toHaveBeenCalled());
    expect(sent).toEqual({ name: "erp", description: "ERP mocks" });
    expect(router.push).toHaveBeenCalledWith(`/groups/${group.id}`);
  });

  it("maps a 422 field error from the API onto the description", async () => {
    server.use(
      http.put(`/api/groups/${group.id}`, () =>
        HttpResponse.json({ type: "about:blank", title: "Invalid", status: 422, errors: [{ field: "description", message: "too long says the server", type: "value_error" }] }, { status: 422 }),
      ),
    );
    const { user } = renderUi(<GroupForm mode="edit" group={group} onDone={vi.fn()} />);
    await user.click(screen.getByRole("button", { name: "Save" }));
    expect(await screen.findByText("too long says the server")).toBeInTheDocument();
    expect(screen.getByLabelText("Description")).toHaveAttribute("aria-invalid", "true");
  });
});
