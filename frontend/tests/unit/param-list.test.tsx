/** The query-parameter and header lists: add, change the kind of check, remove, and what is sent. */
import { screen, waitFor, within } from "@testing-library/react";
import { http, HttpResponse } from "msw";
import { describe, expect, it } from "vitest";
import { EndpointForm } from "@/components/features/endpoints/endpoint-form";
import { server } from "../msw/server";
import { endpoint, group, renderUi } from "../render";

function captureCreate() {
  const sent: Record<string, unknown>[] = [];
  server.use(
    http.post(`/api/groups/${group.id}/endpoints`, async ({ request }) => {
      sent.push((await request.json()) as Record<string, unknown>);
      return HttpResponse.json(endpoint, { status: 201 });
    }),
  );
  return sent;
}

describe("ParamList", () => {
  it("adds query parameters with a type/range and an error response, and removes them", async () => {
    const sent = captureCreate();
    const { user } = renderUi(<EndpointForm groupId={group.id} groupName={group.name} />);
    expect(screen.getByText("No query parameters: any query string is accepted.")).toBeInTheDocument();
    await user.type(screen.getByLabelText("Path"), "/orders");

    await user.click(screen.getByRole("button", { name: "Add a query parameter" }));
    await user.click(screen.getByRole("button", { name: "Add a query parameter" }));
    const first = screen.getByRole("listitem", { name: "query parameter 1" });
    await user.type(within(first).getByLabelText("Name"), "page");
    await user.click(within(first).getByLabelText("Required"));
    await user.selectOptions(within(first).getByLabelText("Check"), "schema");
    await user.selectOptions(within(first).getByLabelText("Type"), "integer");
    await user.type(within(first).getByLabelText("Minimum"), "1");
    await user.type(within(first).getByLabelText("Maximum"), "500");
    await user.type(within(first).getByLabelText("Error status"), "400");
    await user.type(within(first).getByLabelText("Error response body"), '{{"error": "page"}');

    const second = screen.getByRole("listitem", { name: "query parameter 2" });
    await user.type(within(second).getByLabelText("Name"), "unused");
    await user.click(within(second).getByRole("button", { name: "Remove query parameter 2" }));
    expect(screen.queryByRole("listitem", { name: "query parameter 2" })).not.toBeInTheDocument();

    await user.click(screen.getByRole("button", { name: "Create endpoint" }));
    await waitFor(() => expect(sent).toHaveLength(1));
    expect((sent[0].request as Record<string, unknown>).query).toEqual([
      { name: "page", required: true, schema: { type: "integer", minimum: 1, maximum: 500 }, onError: { status: 400, body: '{"error": "page"}' } },
    ]);
  });

  it("checks header names and exact values, and refuses the same header twice (case-insensitive)", async () => {
    const sent = captureCreate();
    const { user } = renderUi(<EndpointForm groupId={group.id} groupName={group.name} />);
    await user.type(screen.getByLabelText("Path"), "/orders");
    await user.click(screen.getByRole("button", { name: "Add a header" }));
    const row = screen.getByRole("listitem", { name: "header 1" });
    await user.type(within(row).getByLabelText("Name"), "X Tenant");
    expect(await within(row).findByText(/is not a valid HTTP header name/)).toBeInTheDocument();
    await user.clear(within(row).getByLabelText("Name"));
    await user.type(within(row).getByLabelText("Name"), "X-Tenant");
    await user.selectOptions(within(row).getByLabelText("Check"), "value");
    await user.type(within(row).getByLabelText("Expected value"), "acme");

    await user.click(screen.getByRole("button", { name: "Add a header" }));
    const dup = screen.getByRole("listitem", { name: "header 2" });
    await user.type(within(dup).getByLabelText("Name"), "x-tenant");
    expect(await within(dup).findByText("The header 'x-tenant' is listed twice.")).toBeInTheDocument();
    await user.click(within(dup).getByRole("button", { name: "Remove header 2" }));

    await user.click(screen.getByRole("button", { name: "Create endpoint" }));
    await waitFor(() => expect(sent).toHaveLength(1));
    expect((sent[0].request as Record<string, unknown>).headers).toEqual([{ name: "X-Tenant", required: false, value: "acme" }]);
  });

  it("allows a body contract on POST only and sends it", async () => {
    const sent = captureCreate();
    const { user } = renderUi(<EndpointForm groupId={group.id} groupName={group.name} />);
    await user.type(screen.getByLabelText("Path"), "/orders");
    expect(screen.getByRole("switch", { name: "Check the request body" })).toBeDisabled();
    await user.selectOptions(screen.getByLabelText("Method"), "POST");
    await user.click(screen.getByRole("switch", { name: "Check the request body" }));
    const schema = screen.getByLabelText("Body JSON Schema");
    await user.type(schema, '{{"type": "object", "required": [["sku"]}');
    await user.type(screen.getAllByLabelText("Error status").at(-1)!, "422");
    await user.click(screen.getByRole("button", { name: "Create endpoint" }));
    await waitFor(() => expect(sent).toHaveLength(1));
    expect(sent[0].method).toBe("POST");
    expect((sent[0].request as Record<string, unknown>).body).toEqual({ required: true, schema: { type: "object", required: ["sku"] }, onError: { status: 422 } });
  });
});
