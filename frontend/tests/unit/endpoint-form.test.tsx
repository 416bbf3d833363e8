/** The endpoint form: inline validation with the spec's rules, and API problem+json errors on their inputs. */
import { screen, waitFor } from "@testing-library/react";
import { http, HttpResponse } from "msw";
import { describe, expect, it } from "vitest";
import { EndpointForm } from "@/components/features/endpoints/endpoint-form";
import { server } from "../msw/server";
import { endpoint, group, renderUi, router } from "../render";

const url = `/api/groups/${group.id}/endpoints`;

function renderForm() {
  return renderUi(<EndpointForm groupId={group.id} groupName={group.name} />);
}

describe("EndpointForm validation", () => {
  it("explains a bad path as you type and clears the error once it is fixed", async () => {
    const { user } = renderForm();
    const path = screen.getByLabelText("Path");
    await user.type(path, "/orders/chaos");
    expect(await screen.findByText(/reserved for the chaos variant/)).toBeInTheDocument();
    expect(path).toHaveAttribute("aria-invalid", "true");
    await user.clear(path);
    await user.type(path, "/orders/{{orderId}");
    await waitFor(() => expect(screen.queryByText(/reserved for the chaos variant/)).not.toBeInTheDocument());
    expect(path).toHaveAttribute("aria-invalid", "false");
  });

  it("refuses a status outside 100-599 and a max wait below the min", async () => {
    const { user } = renderForm();
    const status = screen.getByLabelText("Status code");
    await user.clear(status);
    await user.type(status, "700");
    expect(await screen.findByText("Enter an HTTP status between 100 and 599.")).toBeInTheDocument();
    await user.clear(screen.getByLabelText("Wait at least (ms)"));
    await user.type(screen.getByLabelText("Wait at least (ms)"), "500");
    await user.clear(screen.getByLabelText("Wait at most (ms)"));
    await user.type(screen.getByLabelText("Wait at most (ms)"), "100");
    expect(await screen.findByText("Must be greater than or equal to the minimum wait (500 ms).")).toBeInTheDocument();
  });

  it("validates the response JSON Schema live", async () => {
    const { user } = renderForm();
    await user.click(screen.getByLabelText("Generate from a JSON Schema"));
    const editor = screen.getByLabelText("JSON Schema");
    expect(screen.getByText("Valid JSON Schema")).toBeInTheDocument();
    await user.clear(editor);
    await user.type(editor, '{{"type": "int"}');
    expect(await screen.findByText(/'int' is not a JSON Schema type/)).toBeInTheDocument();
  });

  it("does not send the request while the form is invalid", async () => {
    let calls = 0;
    server.use(http.post(url, () => {
      calls += 1;
      return HttpResponse.json(endpoint, { status: 201 });
    }));
    const { user } = renderForm();
    await user.click(screen.getByRole("button", { name: "Create endpoint" }));
    expect(await screen.findByText("Required.")).toBeInTheDocument();
    expect(calls).toBe(0);
  });
});

describe("EndpointForm and the API", () => {
  it("keeps what the form has no input for when editing (schema keywords, error headers and schema)", async () => {
    let sent: Record<string, unknown> | null = null;
    server.use(http.put(`${url}/${endpoint.id}`, async ({ request }) => {
      sent = (await request.json()) as Record<string, unknown>;
      return HttpResponse.json(endpoint);
    }));
    const rich = {
      ...endpoint,
      request: {
        query: [{ name: "status", required: false, value: null, schema: { type: "string", enum: ["paid", "shipped"] }, onError: { status: 422, headers: { "X-Why": "status" }, body: null, schema: { type: "object" } } }],
        headers: [],
        body: null,
      },
    };
    const { user } = renderUi(<EndpointForm groupId={group.id} groupName={group.name} endpoint={rich} />);
    await user.click(screen.getByRole("button", { name: "Save" }));
    await waitFor(() => expect(sent).not.toBeNull());
    expect((sent!.request as { query: unknown[] }).query).toEqual([
      { name: "status", required: false, schema: { type: "string", enum: ["paid", "shipped"] }, onError: { status: 422, headers: { "X-Why": "status" }, schema: { type: "object" } } },
    ]);
  });

  it("sends the spec shape and goes back to the group", async () => {
    let sent: unknown = null;
    server.use(http.post(url, async ({ request }) => {
      sent = await request.json();
      return HttpResponse.json(endpoint, { status: 201 });
    }));
    const { user } = renderForm();
    await user.type(screen.getByLabelText("Path"), "/orders");
    await user.click(screen.getByRole("button", { name: "Create endpoint" }));
    await waitFor(() => expect(router.push).toHaveBeenCalledWith(`/groups/${group.id}`));
    expect(sent).toMatchObject({
      method: "GET",
      path: "/orders",
      delay: { minMs: 0, maxMs: 0 },
      response: { status: 200, headers: {}, body: "" },
      request: { query: [], headers: [], body: null },
      chaos: { enabled: true, faults: null, passThrough: 0, rate: 0 },
    });
  });

  it("puts problem+json field errors on the right inputs", async () => {
    server.use(
      http.post(url, () =>
        HttpResponse.json(
          {
            type: "https://estoca.io/problems/validation",
            title: "Invalid request",
            status: 422,
            detail: "2 fields are invalid",
            errors: [
              { field: "response.status", message: "server says: status is wrong", type: "value_error" },
              { field: "request.query.0.name", message: "server says: bad parameter name", type: "value_error" },
              { field: "somethingElse", message: "server says: unknown", type: "value_error" },
            ],
          },
          { status: 422, headers: { "Content-Type": "application/problem+json" } },
        ),
      ),
    );
    const { user } = renderForm();
    await user.type(screen.getByLabelText("Path"), "/orders");
    await user.click(screen.getByRole("button", { name: "Add a query parameter" }));
    await user.type(screen.getByLabelText("Name", { selector: "#query-0-name" }), "page");
    await user.click(screen.getByRole("button", { name: "Create endpoint" }));
    expect(await screen.findByText("server says: status is wrong")).toBeInTheDocument();
    expect(screen.getByLabelText("Status code")).toHaveAttribute("aria-invalid", "true");
    expect(screen.getByLabelText("Name", { selector: "#query-0-name" })).toHaveAccessibleDescription("server says: bad parameter name");
    expect(screen.getByText("somethingElse: server says: unknown")).toBeInTheDocument();
  });

  it("shows a duplicate method + path (409) on the path input", async () => {
    server.use(http.post(url, () => HttpResponse.json({ type: "about:blank", title: "Conflict", status: 409, detail: "GET /orders already exists in group erp" }, { status: 409 })));
    const { user } = renderForm();
    await user.type(screen.getByLabelText("Path"), "/orders");
    await user.click(screen.getByRole("button", { name: "Create endpoint" }));
    expect(await screen.findByText("GET /orders already exists in group erp")).toBeInTheDocument();
    expect(screen.getByLabelText("Path")).toHaveAttribute("aria-invalid", "true");
  });

  it("edits an existing endpoint with PUT and its values prefilled", async () => {
    let sent: Record<string, unknown> | null = null;
    server.use(http.put(`${url}/${endpoint.id}`, async ({ request }) => {
      sent = (await request.json()) as Record<string, unknown>;
      return HttpResponse.json(endpoint);
    }));
    const { user } = renderUi(<EndpointForm groupId={group.id} groupName={group.name} endpoint={endpoint} />);
    expect(screen.getByLabelText("Path")).toHaveValue("/orders/{orderId}");
    expect(screen.getByLabelText("Name", { selector: "#query-0-name" })).toHaveValue("page");
    await user.click(screen.getByRole("button", { name: "Save" }));
    await waitFor(() => expect(sent).not.toBeNull());
    expect(sent!.name).toBe("get-orders-orderid");
    expect(sent!.request).toEqual({
      query: [{ name: "page", required: true, schema: { type: "integer", minimum: 1, maximum: 500 }, onError: { status: 400, body: '{"error":"page"}' } }],
      headers: [{ name: "X-Tenant", required: true, value: "acme" }],
      body: null,
    });
  });
});
