/** Deleting an endpoint or a group happens only after the confirmation modal, and only once. */
import { screen, waitFor, within } from "@testing-library/react";
import { http, HttpResponse } from "msw";
import { describe, expect, it } from "vitest";
import { EndpointList } from "@/components/features/endpoints/endpoint-list";
import { DeleteGroupDialog } from "@/components/features/groups/delete-group-dialog";
import { server } from "../msw/server";
import { endpoint, group, renderUi, router } from "../render";

function endpointApi() {
  const deletes: string[] = [];
  let items = [endpoint];
  server.use(
    http.get(`/api/groups/${group.id}/endpoints`, () => HttpResponse.json({ items, total: items.length, page: 1, pageSize: 100 })),
    http.delete(`/api/groups/${group.id}/endpoints/:id`, ({ params }) => {
      deletes.push(String(params.id));
      items = [];
      return new HttpResponse(null, { status: 204 });
    }),
    http.get(`/api/groups/${group.id}`, () => HttpResponse.json(group)),
    http.get("/api/groups", () => HttpResponse.json({ items: [group], total: 1, page: 1, pageSize: 100 })),
    http.get("/api/stats", () => HttpResponse.json({ groups: 1, endpoints: 0, byMethod: {}, chaosEnabled: 0 })),
  );
  return deletes;
}

describe("endpoint delete confirmation", () => {
  it("cancel keeps the endpoint and sends nothing", async () => {
    const deletes = endpointApi();
    const { user } = renderUi(<EndpointList groupId={group.id} />);
    const card = await screen.findByTestId("endpoint-card");
    await user.click(within(card).getByRole("button", { name: "Delete" }));
    const dialog = await screen.findByRole("alertdialog", { name: "Delete the endpoint get-orders-orderid?" });
    expect(within(dialog).getByText(/GET \/orders\/\{orderId\} stops being served/)).toBeInTheDocument();
    await user.click(within(dialog).getByRole("button", { name: "Cancel" }));
    await waitFor(() => expect(screen.queryByRole("alertdialog")).not.toBeInTheDocument());
    expect(deletes).toEqual([]);
    expect(screen.getByTestId("endpoint-card")).toBeInTheDocument();
  });

  it("confirm deletes it once and the list shows what to do next", async () => {
    const deletes = endpointApi();
    const { user } = renderUi(<EndpointList groupId={group.id} />);
    const card = await screen.findByTestId("endpoint-card");
    await user.click(within(card).getByRole("button", { name: "Delete" }));
    const dialog = await screen.findByRole("alertdialog");
    await user.click(within(dialog).getByRole("button", { name: "Delete endpoint" }));
    expect(await screen.findByText("This group has no endpoints yet")).toBeInTheDocument();
    expect(deletes).toEqual([endpoint.id]);
    expect(await screen.findByText("Endpoint get-orders-orderid deleted")).toBeInTheDocument();
  });

  it("keeps the card and says why when the API refuses", async () => {
    endpointApi();
    server.use(http.delete(`/api/groups/${group.id}/endpoints/:id`, () => HttpResponse.json({ type: "about:blank", title: "Forbidden", status: 403, detail: "This token is read-only" }, { status: 403 })));
    const { user } = renderUi(<EndpointList groupId={group.id} />);
    const card = await screen.findByTestId("endpoint-card");
    await user.click(within(card).getByRole("button", { name: "Delete" }));
    await user.click(within(await screen.findByRole("alertdialog")).getByRole("button", { name: "Delete endpoint" }));
    expect(await screen.findByText("This token is read-only")).toBeInTheDocument();
    expect(screen.getByTestId("endpoint-card")).toBeInTheDocument();
  });
});

describe("group delete confirmation", () => {
  it("deletes the group after confirmation and goes home", async () => {
    const deletes: string[] = [];
    server.use(
      http.delete(`/api/groups/${group.id}`, () => {
        deletes.push(group.id);
        return new HttpResponse(null, { status: 204 });
      }),
      http.get("/api/groups", () => HttpResponse.json({ items: [], total: 0, page: 1, pageSize: 100 })),
      http.get("/api/stats", () => HttpResponse.json({ groups: 0, endpoints: 0, byMethod: {}, chaosEnabled: 0 })),
    );
    const { user } = renderUi(<DeleteGroupDialog group={group} />);
    await user.click(screen.getByRole("button", { name: "Delete" }));
    const dialog = await screen.findByRole("alertdialog", { name: "Delete the group erp?" });
    expect(within(dialog).getByText("The group and its 1 endpoint stop being served at once.")).toBeInTheDocument();
    expect(deletes).toEqual([]);
    await user.click(within(dialog).getByRole("button", { name: "Delete group" }));
    await waitFor(() => expect(router.replace).toHaveBeenCalledWith("/"));
    expect(deletes).toEqual([group.id]);
  });
});
