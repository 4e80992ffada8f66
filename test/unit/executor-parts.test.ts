import { describe, expect, test } from "bun:test";
import { OpsError } from "../../src/errors.ts";
import { coerceArgPairs, validateArgs } from "../../src/tools/args.ts";
import { runBounded } from "../../src/tools/bounded.ts";
import { cacheKey, canonicalJson, createResultCache } from "../../src/tools/cache.ts";
import { classifyError, createIgnoreMatcher } from "../../src/tools/classify.ts";
import { splitRegions, unwrapEnvelope } from "../../src/tools/script-answer.ts";
import { thrown } from "../helpers/thrown.ts";

const schema = {
  type: "object",
  additionalProperties: false,
  properties: {
    states: { type: "array", items: { type: "string", enum: ["running", "stopped"] } },
    limit: { type: "integer", minimum: 1 },
    public: { type: "boolean" },
    name: { type: "string" },
  },
};

describe("arguments", () => {
  test("--arg pairs are coerced by the schema", () => {
    expect(
      coerceArgPairs(["states=running,stopped", "limit=5", "public=no", "name=a=b,c", "extra=7"], schema),
    ).toEqual({
      states: ["running", "stopped"],
      limit: 5,
      public: false,
      name: "a=b,c",
      // A key the schema does not declare: JSON when it parses (so validation names it), else a string.
      extra: 7,
    });
    expect(coerceArgPairs(['select={"id":"InstanceId"}', "word=plain", 'states=["a,b"]'], schema)).toEqual({
      select: { id: "InstanceId" },
      word: "plain",
      states: ["a,b"],
    });
  });

  test("malformed pairs and values are usage errors naming the key", () => {
    expect(thrown(() => coerceArgPairs(["novalue"], schema)).code).toBe("E_USAGE");
    const e = thrown(() => coerceArgPairs(["limit=ten"], schema));
    expect([e.code, e.message]).toEqual(["E_USAGE", '--arg limit expects a number (got "ten")']);
    expect(thrown(() => coerceArgPairs(["public=maybe"], schema)).message).toContain("--arg public");
  });

  test("validation names the bad field", () => {
    validateArgs("t", schema, { states: ["running"], limit: 2 });
    const bad = thrown(() => validateArgs("t", schema, { states: ["gone"] }));
    expect(bad.code).toBe("E_VALIDATION");
    expect(bad.details?.field).toBe("states.0");
    expect(bad.message).toContain("running, stopped");
    const unknown = thrown(() => validateArgs("t", schema, { colour: "red" }));
    expect(unknown.message).toBe('invalid arguments for t: unknown argument "colour"');
    expect(unknown.details?.field).toBe("colour");
    // A near miss of a declared argument is named (the model, an MCP client or --arg mistyped it).
    const near = thrown(() => validateArgs("t", schema, { stats: ["running"] }));
    expect(near.message).toBe('invalid arguments for t: unknown argument "stats" (did you mean "states"?)');
  });
});

describe("classification", () => {
  const cases: Array<[unknown, string, boolean]> = [
    [
      new OpsError("E_MCP_TOOL", "An error occurred (UnauthorizedOperation) when calling DescribeInstances"),
      "E_AWS_ACCESS_DENIED",
      false,
    ],
    [
      new OpsError(
        "E_MCP_TOOL",
        "An error occurred (AccessDeniedException): explicit deny in a service control policy",
      ),
      "E_AWS_ACCESS_DENIED",
      false,
    ],
    [
      new OpsError("E_MCP_TOOL", "An error occurred (Throttling) when calling ListFunctions: Rate exceeded"),
      "E_AWS_THROTTLED",
      true,
    ],
    [
      new OpsError("E_MCP_TOOL", "An error occurred (OptInRequired) when calling DescribeVpcs"),
      "E_AWS_REGION_DISABLED",
      false,
    ],
    [
      new OpsError(
        "E_MCP_TOOL",
        "An error occurred (ExpiredToken): The security token included in the request is expired",
      ),
      "E_MCP_AUTH",
      true,
    ],
    [new OpsError("E_MCP_TOOL", "NameError: something else"), "E_MCP_TOOL", false],
    [new OpsError("E_MCP_TIMEOUT", "request timed out", { retryable: true }), "E_TIMEOUT", true],
    [new OpsError("E_MCP_THROTTLED", "429", { retryable: true }), "E_MCP_THROTTLED", true],
    [new OpsError("E_MCP_AUTH", "401 AccessDenied"), "E_MCP_AUTH", false],
    [new Error("boom"), "E_INTERNAL", false],
  ];
  test.each(
    cases.map(([error, code, retryable]) => [`${String(error)} → ${code}`, error, code, retryable] as const),
  )("%s", (_label, error, code, retryable) => {
    const result = classifyError(error);
    expect([result.code, result.retryable]).toEqual([code, retryable]);
  });

  test("messages are redacted", () => {
    const e = classifyError(new OpsError("E_MCP_TOOL", "failed with key AKIAABCDEFGHIJKLMNOP"));
    expect(e.message).not.toContain("AKIAABCDEFGHIJKLMNOP");
  });

  test("a script answer splits into one outcome per region; a region's error stays its own", () => {
    const answer = {
      v: 2,
      regions: [
        { region: "us-east-1", items: [1], truncated: true, next_token: "t" },
        { region: "eu-west-1", error: { code: "AccessDenied", message: "no" } },
      ],
    };
    const out = splitRegions(answer, "", ["us-east-1", "eu-west-1", "ap-south-1"]);
    expect(out.get("us-east-1")).toEqual({ items: [1], truncated: true, next_token: "t" });
    expect(out.get("eu-west-1")).toMatchObject({ code: "E_AWS_ACCESS_DENIED", message: "AccessDenied: no" });
    expect(out.get("ap-south-1")).toMatchObject({ code: "E_MCP_PROTOCOL" });
    const bare = splitRegions({ items: [], truncated: false, next_token: null }, "", ["us-east-1"]);
    expect(bare.get("us-east-1")).toEqual({ items: [], truncated: false });
    // Words alone decide nothing (the message may echo a caller's argument); the code does.
    expect(splitRegions({ error: "AccessDenied: no" }, "", ["us-east-1"]).get("us-east-1")).toMatchObject({
      code: "E_MCP_PROTOCOL",
    });
    expect(
      splitRegions({ error: "no", code: "ThrottlingException" }, "", ["us-east-1"]).get("us-east-1"),
    ).toMatchObject({
      code: "E_AWS_THROTTLED",
    });
    const botocore = "An error occurred (AccessDenied) when calling the ListBuckets operation: no";
    expect(splitRegions({ error: botocore }, "", ["us-east-1"]).get("us-east-1")).toMatchObject({
      code: "E_AWS_ACCESS_DENIED",
    });
    const odd = splitRegions("x".repeat(400), "x".repeat(400), ["us-east-1"]).get("us-east-1") as OpsError;
    expect(odd.code).toBe("E_MCP_PROTOCOL");
    expect(odd.message.length).toBeLessThan(360);
  });

  test("envelopes: bare value, success wrapper, error wrapper, task, unknown status", () => {
    expect(unwrapEnvelope({ items: [] })).toEqual({ value: { items: [] } });
    expect(unwrapEnvelope({ status: "success", return_value: { items: [1] }, api_calls: [] })).toEqual({
      value: { items: [1] },
    });
    expect(unwrapEnvelope({ status: "success", return_value: '{"items": [2]}' })).toEqual({
      value: { items: [2] },
    });
    expect(
      thrown(() =>
        unwrapEnvelope({
          status: "error",
          error: "An error occurred (AccessDenied) when calling the X operation: nope",
        }),
      ).code,
    ).toBe("E_AWS_ACCESS_DENIED");
    expect(thrown(() => unwrapEnvelope({ status: "error", error: "AccessDenied: nope" })).code).toBe(
      "E_MCP_TOOL",
    );
    const failed = thrown(() => unwrapEnvelope({ status: "failed", message: "sandbox crashed" }));
    expect([failed.code, failed.message]).toEqual([
      "E_MCP_TOOL",
      "the script failed on the server: sandbox crashed",
    ]);
    expect(unwrapEnvelope({ status: "working", task_id: "t-1" })).toEqual({ task: "t-1" });
    expect(unwrapEnvelope({ status: "mystery" })).toEqual({ value: { status: "mystery" } });
  });

  test("ignore rules match by our code, the AWS code, or both — never by message text", () => {
    const ignore = createIgnoreMatcher([
      { code: "E_AWS_REGION_DISABLED" },
      { code: "E_AWS_ACCESS_DENIED", aws_code: "AccessDeniedException" },
      { aws_code: "InvalidParameterValue" },
    ]);
    const e = (code: string, message: string, aws_code?: string) => ({
      code,
      message,
      retryable: false,
      aws_code,
    });
    expect(ignore(e("E_AWS_REGION_DISABLED", "x"))).toBe(true);
    expect(ignore(e("E_AWS_ACCESS_DENIED", "x", "AccessDeniedException"))).toBe(true);
    expect(ignore(e("E_AWS_ACCESS_DENIED", "AccessDeniedException", "AccessDenied"))).toBe(false);
    expect(ignore(e("E_AWS_API", "x", "InvalidParameterValue"))).toBe(true);
    expect(ignore(e("E_TIMEOUT", "InvalidParameterValue"))).toBe(false);
  });

  test("classification reads botocore's code prefix only, never words further in", () => {
    const echoed = new OpsError(
      "E_MCP_TOOL",
      "aws___run_script failed: ClientError: An error occurred (InvalidVpcID.NotFound) when calling the DescribeVpcs operation: The vpc ID 'expired or invalid AWS credentials; ThrottlingException; An error occurred (ExpiredToken)' does not exist",
    );
    expect(classifyError(echoed)).toMatchObject({ code: "E_AWS_API", aws_code: "InvalidVpcID.NotFound" });
    const real = new OpsError(
      "E_MCP_TOOL",
      "aws___run_script failed: ClientError: An error occurred (ExpiredToken) when calling the DescribeVpcs operation: The security token included in the request is expired",
    );
    expect(classifyError(real)).toMatchObject({ code: "E_MCP_AUTH", aws_code: "ExpiredToken" });
    expect(classifyError(new OpsError("E_MCP_TOOL", "x failed: Rate exceeded")).code).toBe("E_MCP_TOOL");
  });
});

describe("cache", () => {
  test("keys ignore argument order; entries expire after the TTL", () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { z: 1, y: 2 }], c: 3 } })).toBe(
      '{"a":{"c":3,"d":[2,{"y":2,"z":1}]},"b":1}',
    );
    expect(cacheKey("1", "r", "t", { a: 1, b: 2 })).toBe(cacheKey("1", "r", "t", { b: 2, a: 1 }));
    expect(cacheKey("1", "r", "t", { a: 1 })).not.toBe(cacheKey("2", "r", "t", { a: 1 }));
    let clock = 1000;
    const cache = createResultCache<string>({ ttlMs: 500, now: () => clock, maxEntries: 2 });
    cache.set("k", "v");
    clock = 1499;
    expect(cache.get("k")).toBe("v");
    clock = 1500;
    expect(cache.get("k")).toBeUndefined();
    cache.set("a", "1");
    cache.set("b", "2");
    cache.set("c", "3");
    expect([cache.get("a"), cache.get("b"), cache.get("c")]).toEqual([undefined, "2", "3"]);
  });

  test("bounded in bytes, not only entries: the oldest go first, an oversized value is not kept", () => {
    const cache = createResultCache<string>({ ttlMs: 60_000, now: () => 0, maxBytes: 4000 });
    for (let i = 0; i < 10; i++) cache.set(`k${i}`, "x".repeat(600));
    expect(cache.bytes()).toBeLessThanOrEqual(4000);
    expect(cache.get("k0")).toBeUndefined();
    expect(cache.get("k9")).toBe("x".repeat(600));
    cache.set("huge", "x".repeat(2000));
    expect(cache.get("huge")).toBeUndefined();
  });

  test("TTL 0 stores nothing", () => {
    const cache = createResultCache<string>({ ttlMs: 0, now: () => 0 });
    cache.set("k", "v");
    expect([cache.enabled, cache.get("k")]).toEqual([false, undefined]);
  });
});

describe("runBounded", () => {
  test("keeps order and never exceeds the bound", async () => {
    let inFlight = 0;
    let max = 0;
    const out = await runBounded([5, 1, 4, 2, 3, 0, 6], 3, async (n) => {
      max = Math.max(max, ++inFlight);
      await Bun.sleep(n * 3);
      inFlight--;
      return n * 10;
    });
    expect(out).toEqual([50, 10, 40, 20, 30, 0, 60]);
    expect(max).toBe(3);
  });
});
