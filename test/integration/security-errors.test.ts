// Issue 17, "errors do not decide security": AWS errors echo caller-controlled arguments, so words in
// a message must never invalidate credentials, look like throttling, or be matched by ignore_errors.
// On the old main the 5 calls below made 5 extra STS AssumeRole fetches.
import { afterAll, beforeAll, expect, test } from "bun:test";
import { startWiredSandbox, type WiredSandbox } from "../helpers/sandbox-wire.ts";

let box: WiredSandbox;
beforeAll(async () => {
  box = await startWiredSandbox((settings) => {
    settings.executor.cache_ttl_seconds = 0;
  });
});
afterAll(() => box.close());

const ECHOED = "expired or invalid AWS credentials";

test("an argument echoed in an AWS error does not invalidate the account's credentials", async () => {
  const call = () =>
    box.executor.invoke("ec2_describe_vpcs", {
      vpc_ids: [ECHOED, "ExpiredToken", "The security token included in the request is expired"],
      accounts: ["production"],
      regions: ["us-east-1"],
    });
  const first = await call();
  expect(first.results[0]).toMatchObject({
    ok: false,
    error: { code: "E_AWS_API", aws_code: "InvalidVpcID.NotFound" },
  });
  expect(first.results[0]!.error!.message).toContain(ECHOED);
  const before = box.count("sandbox sts: assume role");
  expect(before).toBe(1);
  for (let i = 0; i < 5; i++) await call();
  expect(box.count("sandbox sts: assume role")).toBe(before);
  expect(box.count("mcp auth failed; credentials invalidated")).toBe(0);
});

test("an upstream that echoes request headers never shows the session token to the model or the log", async () => {
  const { startFakeMcpServer } = await import("../fakes/mcp-server.ts");
  const { createMcpPool } = await import("../../src/mcp/pool.ts");
  const { createLogger } = await import("../../src/log.ts");
  const { defaultSettings } = await import("../../src/config/schema.ts");
  const { classifyError } = await import("../../src/tools/classify.ts");
  const { createStaticCredentials } = await import("../helpers/static-credentials.ts");
  const token = `IQoJb3JpZ2luX2VjE${"Ab3dE5fG7hJ9kL1mN3pQ5rS7tU9vW1xY3z".repeat(8)}`;
  const key = {
    accessKeyId: "AKIAECHOEDTOKEN00001",
    secretAccessKey: "echo/secret/xxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
    sessionToken: token,
  };
  const spellings = [
    `{"headers": {"X-Amz-Security-Token": "${token}", "Authorization": "AWS4-HMAC-SHA256 Credential=${key.accessKeyId}/x, Signature=0123456789abcdef0123"}}`,
    `{'X-Amz-Security-Token': '${token}', 'Token': '${token.slice(0, 60)}'}`,
    `Credentials(SessionToken='${token}', Password='hunter2-long-password')`,
    `bare ${token} end`,
  ];
  const server = await startFakeMcpServer({
    mode: "json",
    keys: { [key.accessKeyId]: { ...key, accountId: "222222222222" } },
    tools: {
      aws___run_script: () => ({
        isError: true,
        content: [{ type: "text", text: `bad request, you sent: ${spellings.join(" | ")}` }],
      }),
    },
  });
  const lines: string[] = [];
  const pool = createMcpPool({
    settings: { ...defaultSettings.mcp, endpoint: server.url, max_retries: 0, rate_per_account: 1000 },
    credentials: createStaticCredentials({ "222222222222": [key] }),
    logger: createLogger({ level: "debug", format: "json", write: (l) => void lines.push(l) }),
  });
  try {
    const error = await pool
      .callTool("aws___run_script", { code: "x" }, { accountId: "222222222222", region: "us-east-1" })
      .catch((e) => e);
    const unit = classifyError(error);
    expect(unit.message).toContain("bad request, you sent");
    for (const secret of [token, token.slice(0, 60), "hunter2-long-password", "0123456789abcdef0123"]) {
      expect(unit.message).not.toContain(secret);
      expect(lines.join("\n")).not.toContain(secret);
    }
  } finally {
    await pool.close();
    await server.close();
  }
});
