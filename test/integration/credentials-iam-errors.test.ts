import { describe, expect, test } from "bun:test";
import { tmpdir } from "node:os";
import { defaultSettings } from "../../src/config/schema.ts";
import type { Account } from "../../src/config/types.ts";
import { createIamProvider } from "../../src/credentials/iam.ts";

const account: Account = {
  id: "111111111111",
  name: "a",
  environment: "e",
  role: "workload",
  regions: [],
  aliases: [],
};
const base = { accessKeyId: "AKIAUNITUNITUNITUNIT", secretAccessKey: "unit-secret-key-value" };

describe("IAM provider errors (real SDK, no server)", () => {
  test("an unreachable STS endpoint is a retryable E_AWS_API naming the role, without secrets", async () => {
    const server = Bun.serve({ port: 0, fetch: () => new Response("") });
    const closed = `http://127.0.0.1:${server.port}`;
    server.stop(true); // nothing listens there any more: connection refused
    const provider = createIamProvider({
      settings: defaultSettings,
      env: { endpoints: { sts: closed }, home: tmpdir() },
      baseCredentials: base,
      maxAttempts: 1,
    });
    const error = await provider.fetch(account, undefined).catch((e) => e);
    expect(error).toMatchObject({ code: "E_AWS_API", retryable: true });
    expect(error.message).toContain("arn:aws:iam::111111111111:role/CentralOpsTargetRole");
    expect(JSON.stringify(error.toJSON())).not.toContain(base.secretAccessKey);
  });

  test("a caller's abort signal cancels the STS call", async () => {
    const server = Bun.serve({ port: 0, fetch: () => new Promise<Response>(() => {}) });
    try {
      const provider = createIamProvider({
        settings: defaultSettings,
        env: { endpoints: { sts: `http://127.0.0.1:${server.port}` }, home: tmpdir() },
        baseCredentials: base,
        maxAttempts: 1,
      });
      const controller = new AbortController();
      const pending = provider.fetch(account, undefined, controller.signal).catch((e) => e);
      setTimeout(() => controller.abort(), 20);
      expect((await pending).code).toBe("E_CANCELLED");
    } finally {
      server.stop(true);
    }
  });
});
