import { expect, test } from "bun:test";
import { isOpsError } from "../../src/errors.ts";
import { resolveEndpoint } from "../../src/mcp/endpoint.ts";

test("service and signing region come from aws-mcp.<region>.api.aws", () => {
  const e = resolveEndpoint({ endpoint: "https://aws-mcp.eu-central-1.api.aws/mcp" });
  expect([e.service, e.signingRegion, e.url.pathname]).toEqual(["aws-mcp", "eu-central-1", "/mcp"]);
});

test("config overrides win", () => {
  const e = resolveEndpoint({
    endpoint: "https://aws-mcp.us-east-1.api.aws/mcp",
    service: "x",
    signing_region: "us-west-2",
  });
  expect([e.service, e.signingRegion]).toEqual(["x", "us-west-2"]);
});

test("loopback endpoints sign as aws-mcp in us-east-1 unless told otherwise", () => {
  expect(resolveEndpoint({ endpoint: "http://127.0.0.1:9999/mcp" }).signingRegion).toBe("us-east-1");
  expect(
    resolveEndpoint({ endpoint: "http://localhost/mcp", signing_region: "eu-west-1" }).signingRegion,
  ).toBe("eu-west-1");
});

test("unknown hosts, plain http and garbage are configuration errors", () => {
  for (const endpoint of [
    "https://mcp.example.com/mcp",
    "http://aws-mcp.us-east-1.api.aws/mcp",
    "not a url",
  ]) {
    let error: unknown;
    try {
      resolveEndpoint({ endpoint });
    } catch (e) {
      error = e;
    }
    expect(isOpsError(error, "E_CONFIG")).toBe(true);
  }
});

test("the host's region label is a region the SDK knows: a typo is named, with did-you-mean", () => {
  let error: unknown;
  try {
    resolveEndpoint({ endpoint: "https://aws-mcp.us-esat-1.api.aws/mcp" });
  } catch (e) {
    error = e;
  }
  expect(isOpsError(error, "E_CONFIG")).toBe(true);
  expect(error).toMatchObject({
    message: 'unknown AWS region "us-esat-1" (in mcp.endpoint aws-mcp.us-esat-1.api.aws)',
    hint: expect.stringContaining('"us-east-1"'),
  });
  // An explicit signing region is the operator's word.
  const e = resolveEndpoint({
    endpoint: "https://aws-mcp.us-esat-1.api.aws/mcp",
    signing_region: "us-east-1",
  });
  expect(e.signingRegion).toBe("us-east-1");
});
