/** The Test modal sends what the user chose and shows status, time, fault, headers and a pretty body. */
import { screen, waitFor, within } from "@testing-library/react";
import { http, HttpResponse } from "msw";
import { describe, expect, it } from "vitest";
import { TestEndpointDialog } from "@/components/features/endpoints/test-endpoint-dialog";
import type { TestResult } from "@/lib/api/types";
import { server } from "../msw/server";
import { endpoint, group, renderUi } from "../render";

const testUrl = `/api/groups/${group.id}/endpoints/${endpoint.id}/test`;

function answer(result: TestResult) {
  const sent: Record<string, unknown>[] = [];
  server.use(
    http.post(testUrl, async ({ request }) => {
      sent.push((await request.json()) as Record<string, unknown>);
      return HttpResponse.json(result);
    }),
  );
  return sent;
}

describe("Test modal", () => {
  it("prefills required parameters, sends them and renders the response", async () => {
    const sent = answer({
      url: "http://127.0.0.1:8000/erp/orders/1?page=1",
      status: 200,
      headers: [["content-type", "application/json"], ["x-source", "mock"]],
      body: '{"id":7,"status":"paid"}',
      bodyIsBinary: false,
      elapsedMs: 12.34,
      fault: null,
      outcome: "response",
    });
    const { user } = renderUi(<TestEndpointDialog groupId={group.id} endpoint={endpoint} />);
    await user.click(screen.getByRole("button", { name: "Test" }));
    const dialog = await screen.findByRole("dialog", { name: "Test the endpoint" });
    await within(dialog).findByRole("button", { name: "Send request" }); // the form's code loads on first open
    expect(within(dialog).getByLabelText("orderId")).toHaveValue("1");
    expect(within(dialog).getByDisplayValue("page")).toBeInTheDocument();
    expect(within(dialog).getByDisplayValue("acme")).toBeInTheDocument();
    await user.clear(within(dialog).getByLabelText("orderId"));
    await user.type(within(dialog).getByLabelText("orderId"), "42");
    await user.type(within(dialog).getByLabelText("Seed (optional)"), "7");
    await user.click(within(dialog).getByRole("button", { name: "Send request" }));

    const result = await within(dialog).findByTestId("test-result");
    expect(sent).toEqual([{ mode: "normal", pathParams: { orderId: "42" }, query: { page: "1" }, headers: { "X-Tenant": "acme" }, body: null, seed: 7 }]);
    expect(within(result).getByTestId("test-status")).toHaveTextContent("200");
    expect(within(result).getByText("12.3 ms")).toBeInTheDocument();
    expect(within(result).getByTestId("test-fault")).toHaveTextContent("none");
    expect(within(result).getByText("2 headers")).toBeInTheDocument();
    expect(within(result).getByText("x-source")).toBeInTheDocument();
    expect(within(result).getByTestId("test-body").textContent).toBe('{\n  "id": 7,\n  "status": "paid"\n}');
  });

  it("runs /chaos and shows the fault chosen", async () => {
    const sent = answer({ url: "http://127.0.0.1:8000/erp/orders/1/chaos", status: null, headers: [], body: "", bodyIsBinary: false, elapsedMs: 3, fault: "reset", outcome: "reset" });
    const { user } = renderUi(<TestEndpointDialog groupId={group.id} endpoint={endpoint} />);
    await user.click(screen.getByRole("button", { name: "Test" }));
    const dialog = await screen.findByRole("dialog");
    await within(dialog).findByRole("button", { name: "Send request" });
    await user.click(within(dialog).getByLabelText("/chaos"));
    await user.click(within(dialog).getByRole("button", { name: "Remove page" }));
    await user.click(within(dialog).getByRole("button", { name: "Send request" }));
    const result = await within(dialog).findByTestId("test-result");
    await waitFor(() => expect(sent[0]).toMatchObject({ mode: "chaos", query: {} }));
    expect(within(result).getByTestId("test-fault")).toHaveTextContent("Connection reset");
    expect(within(result).getByTestId("test-status")).toHaveTextContent("—");
    expect(within(result).getByTestId("test-body")).toHaveTextContent("(empty body)");
  });

  it("says what went wrong when the test route fails", async () => {
    server.use(http.post(testUrl, () => HttpResponse.json({ type: "about:blank", title: "Not Found", status: 404, detail: "Endpoint not found" }, { status: 404 })));
    const { user } = renderUi(<TestEndpointDialog groupId={group.id} endpoint={endpoint} />);
    await user.click(screen.getByRole("button", { name: "Test" }));
    const dialog = await screen.findByRole("dialog");
    await within(dialog).findByRole("button", { name: "Send request" });
    await user.click(within(dialog).getByRole("button", { name: "Send request" }));
    expect(await within(dialog).findByText("Endpoint not found")).toBeInTheDocument();
    expect(within(dialog).getByText(/It may have been deleted/)).toBeInTheDocument();
  });
});
