/** The client rules refuse what estoca_core.spec refuses, with the same reasons. */
import { describe, expect, it } from "vitest";
import { checkSchemaText } from "@/lib/validation/json-schema";
import { checkDelay, checkGroupName, checkHeaderName, checkPath, checkStatus, parseMsg, pathParameters } from "@/lib/validation/rules";

const key = (m: string | null) => (m ? parseMsg(m)?.key : null);

describe("checkPath (spec.endpoint.check_path)", () => {
  it.each([
    ["/", null],
    ["/orders/{orderId}", null],
    ["/a-b.c_~!$&'()*+,;=:@%", null],
    ["orders", "path.start"],
    ["/orders?x=1", "path.query"],
    ["/orders#x", "path.query"],
    ["/orders/", "path.trailing"],
    ["/a//b", "path.empty"],
    ["/{id}/x/{id}", "path.twice"],
    ["/order-{id}", "path.param"],
    ["/{1id}", "path.param"],
    ["/a/../b", "path.dot"],
    ["/a b", "path.chars"],
    ["/orders/chaos", "path.chaos"],
    [`/${"a".repeat(1024)}`, "path.long"],
  ])("%s -> %s", (path, expected) => {
    expect(key(checkPath(path))).toBe(expected);
  });

  it("lists the parameters in order", () => {
    expect(pathParameters("/a/{x}/b/{y_1}")).toEqual(["x", "y_1"]);
  });
});

describe("group names (DNS-1123 label, reserved names)", () => {
  it.each([
    ["erp", null],
    ["e-commerce-2", null],
    ["", "required"],
    ["ERP", "groupName.dns"],
    ["-erp", "groupName.dns"],
    ["erp-", "groupName.dns"],
    ["a".repeat(64), "groupName.long"],
    ["api", "groupName.reserved"],
    ["healthz", "groupName.reserved"],
    ["_x", "groupName.reserved"],
  ])("%s -> %s", (name, expected) => {
    expect(key(checkGroupName(name))).toBe(expected);
  });
});

describe("status, headers, delay", () => {
  it("status is an integer in 100..599", () => {
    expect(checkStatus(100)).toBeNull();
    expect(checkStatus(599)).toBeNull();
    expect(key(checkStatus(99))).toBe("status.range");
    expect(key(checkStatus(600))).toBe("status.range");
    expect(key(checkStatus(200.5))).toBe("status.range");
    expect(key(checkStatus(Number.NaN))).toBe("status.range");
  });

  it("header names are RFC 9110 tokens", () => {
    expect(checkHeaderName("X-Request_ID.v2")).toBeNull();
    expect(key(checkHeaderName("X Tenant"))).toBe("header.name");
    expect(key(checkHeaderName("X:Tenant"))).toBe("header.name");
  });

  it("delay needs min <= max <= cap", () => {
    expect(checkDelay(0, 0)).toBeNull();
    expect(checkDelay(300, 200)?.field).toBe("delayMax");
    expect(key(checkDelay(300, 200)!.message)).toBe("delay.order");
    expect(key(checkDelay(0, 60001)!.message)).toBe("delay.cap");
    expect(checkDelay(-1, 5)?.field).toBe("delayMin");
  });
});

describe("JSON Schema check", () => {
  it("accepts a schema and reports where it is wrong", () => {
    expect(checkSchemaText('{"type":"object","properties":{"id":{"type":"integer","minimum":1}}}').ok).toBe(true);
    const bad = checkSchemaText('{"type":"object","properties":{"id":{"type":"int"}}}');
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(parseMsg(bad.message)).toEqual({ key: "schema.type", values: { where: "(root)/properties/id", type: "int" } });
    const notJson = checkSchemaText("{");
    expect(!notJson.ok && parseMsg(notJson.message)?.key).toBe("json.invalid");
    const range = checkSchemaText('{"type":"integer","minimum":5,"maximum":1}');
    expect(!range.ok && parseMsg(range.message)?.key).toBe("schema.range");
  });
});
