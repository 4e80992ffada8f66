import { expect, test } from "bun:test";
import { parseCallCommand } from "../../src/cli/commands/call.ts";
import { OpsError } from "../../src/errors.ts";
import { thrown } from "../helpers/thrown.ts";

/** `call`'s selector flags: given but naming nothing is a usage error, never "every account". */
const parse = (flags: Record<string, unknown>) =>
  parseCallCommand({ tool: "ec2_describe_vpcs", ...flags }, []);

test.each([
  ["--accounts", "accounts", ""],
  ["--accounts", "accounts", " , "],
  ["--regions", "regions", ""],
  ["--regions", "regions", ","],
])("%s %j is E_USAGE", (flag, key, value) => {
  const e = thrown(() => parse({ [key]: value }));
  expect(e).toBeInstanceOf(OpsError);
  expect([e.code, e.message]).toEqual([
    "E_USAGE",
    `${flag} names nothing (got "${value}"); leave the flag out for the default`,
  ]);
});

test("names pass through as given (the executor splits them); absent flags stay absent", () => {
  expect(parse({ accounts: "prod, stg", regions: "us-east-1" })).toMatchObject({
    accounts: "prod, stg",
    regions: "us-east-1",
  });
  const none = parse({});
  expect([none.accounts, none.regions]).toEqual([undefined, undefined]);
});
