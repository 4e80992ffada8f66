import { describe, expect, test } from "bun:test";
import { parse } from "yaml";
import { spawnCli } from "../helpers/spawn-cli.ts";

/** The CLI refuses what it does not understand: one line naming the mistake and the nearest spelling. */
describe("strict command line", () => {
  test.each([
    [
      ["call", "ec2_describe_instances", "--sandbox", "--acounts", "prod"],
      "unknown flag --acounts for call (did you mean --accounts?)",
    ],
    [["accounts", "--outptu", "json"], "unknown flag --outptu for accounts (did you mean --output?)"],
    [["--sandbx", "accounts"], "unknown flag --sandbx for ops-agent (did you mean --sandbox?)"],
    // One dash: citty would read -a -c -c -o -u -n -t and query every account.
    [
      ["call", "ec2_describe_instances", "--sandbox", "-accounts", "prod"],
      "unknown flag -accounts for call (did you mean --accounts?)",
    ],
    [["-sandbox", "accounts"], "unknown flag -sandbox for ops-agent (did you mean --sandbox?)"],
    [["acounts"], 'unknown command "acounts" (did you mean "ops-agent accounts"?)'],
    [["frobnicate"], 'unknown command "frobnicate"'],
    [["tools", "--sandbox", "ec2_describe_instance"], '(did you mean "ec2_describe_instances"?)'],
    [["call", "ec2_describe_vpcs", "--sandbox", "--accounts", "prodution"], '(did you mean "production"?)'],
    [["ask", "--sandbox", "which", "buckets"], 'unexpected argument "buckets" for ask'],
    [["tools", "--sandbox", "--output"], "--output needs a value"],
    [
      ["accounts", "--output", "jsno"],
      '--output must be one of table, json, yaml (got "jsno") (did you mean "json"?)',
    ],
    [["iam-policy", "--output", "xml"], "--output must be one of json, yaml"],
    [
      ["accounts", "--log-format", "jsn"],
      '--log-format must be pretty or json (got "jsn") (did you mean "json"?)',
    ],
    [["version", "--output", "xml"], "--output must be one of text, json"],
    [["doctor", "--sandbox=yes"], "--sandbox is a switch and takes no value"],
  ])("%p → exit 2: %s", async (args, message) => {
    const r = await spawnCli(args);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain(message);
    // One error line and one hint line: never the whole help or a list of everything.
    expect(r.stderr.trimEnd().split("\n").length).toBeLessThanOrEqual(2);
  });

  test("--region is --regions (the AWS CLI's spelling); --account is --accounts", async () => {
    const r = await spawnCli([
      "call",
      "ec2_describe_vpcs",
      "--sandbox",
      "--account",
      "production",
      "--region",
      "eu-west-1",
      "--output",
      "json",
    ]);
    expect(r.status).toBe(0);
    const doc = JSON.parse(r.stdout) as { results: Array<{ account_name: string; region: string }> };
    expect(doc.results.map((u) => [u.account_name, u.region])).toEqual([["production", "eu-west-1"]]);
  });

  test("help shows long aliases with two dashes, as they are accepted", async () => {
    const r = await spawnCli(["call", "--help"]);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain(" --account, --accounts=<accounts>");
    expect(r.stdout).toContain(" --region, --regions=<regions>");
    expect(r.stdout).not.toMatch(/ -[a-z]{2,}/);
  });

  test("iam-policy --output yaml is YAML (--format still works); tools NAME shows one tool", async () => {
    const [yaml, json, one] = await Promise.all([
      spawnCli(["iam-policy", "--output", "yaml"]),
      spawnCli(["iam-policy", "--format", "json"]),
      spawnCli(["tools", "--sandbox", "ec2_describe_vpcs"]),
    ]);
    expect(yaml.status).toBe(0);
    expect(yaml.stdout).toStartWith("policies:\n  - PolicyName: OpsAgentReadOnly1\n");
    expect(parse(yaml.stdout)).toEqual(JSON.parse(json.stdout));
    expect(one.status).toBe(0);
    expect(one.stdout).toStartWith("ec2_describe_vpcs\n  VPCs");
    expect(one.stdout).not.toContain("ec2_describe_instances");
  });
});
