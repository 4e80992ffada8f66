import { expect, test } from "bun:test";
import { describeRpc, injectRegion } from "../../src/mcp/meta.ts";

test("adds AWS_REGION to every message with params, keeping existing _meta keys", () => {
  const out = JSON.parse(
    injectRegion(
      '[{"jsonrpc":"2.0","id":1,"method":"a","params":{"_meta":{"AWS_REGION":"x"}}},{"jsonrpc":"2.0","id":2,"method":"b","params":{}}]',
      "eu-west-1",
    ),
  );
  expect(out.map((m: { params: { _meta: unknown } }) => m.params._meta)).toEqual([
    { AWS_REGION: "x" },
    { AWS_REGION: "eu-west-1" },
  ]);
});

test("leaves non-JSON-RPC and param-less bodies byte for byte", () => {
  for (const body of [
    '{"method":"x","params":{}}',
    '{"jsonrpc":"2.0", "method":"notifications/initialized"}',
    "not json",
    "[1,2]",
  ]) {
    expect(injectRegion(body, "eu-west-1")).toBe(body);
  }
});

test("a non-object _meta is replaced", () => {
  const out = JSON.parse(injectRegion('{"jsonrpc":"2.0","id":1,"method":"a","params":{"_meta":5}}', "r"));
  expect(out.params._meta).toEqual({ AWS_REGION: "r" });
});

test("describeRpc reads method, id, tool, region and cancellation target", () => {
  expect(
    describeRpc(
      '{"jsonrpc":"2.0","id":7,"method":"tools/call","params":{"name":"t","_meta":{"AWS_REGION":"r"}}}',
    ),
  ).toEqual({ method: "tools/call", id: 7, tool: "t", region: "r", cancels: undefined });
  expect(
    describeRpc('{"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":7}}').cancels,
  ).toBe(7);
  expect(describeRpc("garbage")).toEqual({});
});
