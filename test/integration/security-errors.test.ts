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
