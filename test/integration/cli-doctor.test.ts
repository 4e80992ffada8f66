import { describe, expect, test } from "bun:test";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { isProbeScript } from "../../src/plugins/probe.ts";
import { ORG } from "../fixtures/call/org.ts";
import { startCliOrg } from "../helpers/cli-org.ts";
import { runScripts } from "../helpers/python-scripts.ts";
import { requirePython } from "../helpers/require.ts";
import { spawnCli } from "../helpers/spawn-cli.ts";

/** `ops-agent doctor` as a subprocess, against the sandbox and against a server without the script tool. */
interface Check {
  check: string;
  status: string;
  detail: string;
}

async function doctor(args: string[], env: Record<string, string> = {}) {
  const r = await spawnCli(["doctor", "--output", "json", ...args], { env });
  const checks = (JSON.parse(r.stdout) as { checks: Check[] }).checks;
  const by = (name: string) => checks.find((c) => c.check === name);
  return { ...r, checks, by };
}

describe("ops-agent doctor --sandbox", () => {
  test("every check passes: sandbox credentials, strict guard, tools, MCP server with aws___run_script", async () => {
    const r = await doctor(["--sandbox"]);
    expect(r.status).toBe(0);
    // The model is not used in sandbox mode without one named: "skip", never a confident "ok".
    expect(r.by("model")).toMatchObject({ status: "skip" });
    expect(r.by("model")?.detail).toStartWith("not used: --sandbox answers with the model-free planner");
    const others = r.checks.filter((c) => c.check !== "model");
    expect(others.map((c) => c.status)).toEqual(others.map(() => "ok"));
    expect(r.by("accounts")?.detail).toBe("5 account(s) from the sandbox organization");
    expect(r.by("credential mode")?.detail).toStartWith("sandbox: --sandbox");
    expect(r.by("read-only guard")).toEqual({
      check: "read-only guard",
      status: "ok",
      detail: "read verbs only; credential-minting and secret reads refused",
    });
    expect(r.by("tools")?.detail).toMatch(/^\d{2} tools \(plugin dirs: none\)$/);
    expect(r.by("credentials production")?.detail).toMatch(/^assume-role, expires \d{4}-/);
    expect(r.by("mcp server")?.detail).toMatch(
      /^http:\/\/127\.0\.0\.1:\d+\/mcp: \d+ tools, aws___run_script present$/,
    );
    // The probe: the sandbox answers the bare value, with every module the template imports.
    expect(r.by("script sandbox")?.detail).toMatch(
      /^one script in \d+ ms; bare value; imports json, asyncio$/,
    );
    expect(JSON.parse(r.stdout).probe).toMatchObject({
      shape: "bare",
      modules: { json: true, asyncio: true },
      missing_required: [],
      missing_optional: [],
    });
    // A real generated script ran through the signed MCP client against production's simulated VPCs.
    expect(r.by("script run")?.detail).toMatch(
      /^ec2_describe_vpcs in production\/us-east-1: [1-9]\d* item\(s\) in \d+ ms$/,
    );
  });

  test("readonly.allow_operations widens the guard: warn, naming the operation", async () => {
    const dir = mkdtempSync(join(tmpdir(), "ops-agent-doctor-"));
    const config = join(dir, "ops-agent.yaml");
    writeFileSync(config, "readonly:\n  allow_operations: [s3:GetObject, ec2:GetPasswordData]\n");
    const r = await doctor(["--sandbox", "--config", config]);
    expect(r.status).toBe(0);
    expect(r.by("settings")).toEqual({ check: "settings", status: "ok", detail: config });
    expect(r.by("read-only guard")).toEqual({
      check: "read-only guard",
      status: "warn",
      detail: "WIDENED by readonly.allow_operations: s3:GetObject, ec2:GetPasswordData",
    });
    // Where each non-default value came from: the file's line, the sandbox overlay.
    expect(r.by("setting readonly.allow_operations")?.detail).toBe(
      `["s3:GetObject","ec2:GetPasswordData"] from ${config}:2`,
    );
    expect(r.by("setting auth.mode")?.detail).toBe('"iam" from sandbox');
    expect(r.by("setting mcp.endpoint")?.detail).toMatch(/^"http:\/\/127\.0\.0\.1:\d+\/mcp" from sandbox$/);
  });

  test("--sandbox-profile realistic: the probe sees the real server's envelope", async () => {
    const r = await doctor(["--sandbox", "--sandbox-profile", "realistic"]);
    expect(r.status).toBe(0);
    expect(r.by("script sandbox")).toMatchObject({ status: "ok" });
    expect(r.by("script sandbox")?.detail).toMatch(
      /^one script in \d+ ms; \{status, return_value\} envelope; imports json, asyncio$/,
    );
    expect(JSON.parse(r.stdout).probe).toMatchObject({ shape: "envelope", missing_optional: [] });
    expect(r.by("script run")).toMatchObject({ status: "ok" });
  });

  test("a probe that takes over a quarter of the tightest timeout warns: tool scripts need more room", async () => {
    const dir = mkdtempSync(join(tmpdir(), "ops-agent-doctor-"));
    const config = join(dir, "ops-agent.yaml");
    // The realistic profile's script takes 1.5 s; 4 s leaves tool scripts too little room.
    writeFileSync(config, "mcp:\n  timeout_ms: 4000\n");
    const r = await doctor(["--sandbox", "--sandbox-profile", "realistic", "--config", config]);
    expect(r.status).toBe(0);
    expect(r.by("script sandbox")).toMatchObject({ status: "warn" });
    expect(r.by("script sandbox")?.detail).toEndWith(
      "over 1/4 of the 4000 ms timeout: tool scripts may not finish (raise mcp.timeout_ms and executor.unit_timeout_ms)",
    );
  });

  test("--offline skips the MCP server and makes no credential call", async () => {
    const r = await doctor(["--sandbox", "--offline"]);
    expect(r.status).toBe(0);
    expect(r.by("mcp server")).toMatchObject({ status: "skip" });
    expect(r.by("mcp server")?.detail).toEndWith("(--offline)");
    expect(r.checks.some((c) => c.check.startsWith("credentials "))).toBe(false);
  });
});

describe("ops-agent doctor with nothing usable", () => {
  const home = mkdtempSync(join(tmpdir(), "ops-agent-doctor-home-"));
  const noAws = {
    HOME: home,
    AWS_CONFIG_FILE: join(home, "none"),
    AWS_SHARED_CREDENTIALS_FILE: join(home, "none"),
  };

  test("no accounts: exit 1, the accounts check fails; the model is unchecked, never ok", async () => {
    const r = await doctor(["--offline"], noAws);
    expect(r.status).toBe(1);
    expect(r.by("accounts")).toMatchObject({ status: "fail" });
    expect(r.by("model")).toMatchObject({ status: "unchecked" });
    expect(r.by("model")?.detail).toEndWith("(configured; doctor does not call it)");
  });

  test("accounts but no credentials: exit 1, the credentials check fails and the MCP check is skipped", async () => {
    const dir = mkdtempSync(join(tmpdir(), "ops-agent-doctor-"));
    writeFileSync(
      join(dir, "accounts.yaml"),
      'accounts:\n  - {id: "222222222222", name: production, environment: production}\n  - {id: "333333333333", name: staging, environment: staging}\n',
    );
    writeFileSync(join(dir, "ops-agent.yaml"), "auth:\n  mode: iam\naccounts: accounts.yaml\n");
    const r = await doctor(["--config", join(dir, "ops-agent.yaml")], noAws);
    expect(r.status).toBe(1);
    expect(r.by("accounts")).toMatchObject({ status: "ok" });
    expect(r.by("credentials production")).toMatchObject({ status: "fail" });
    expect(r.by("credentials production")?.detail).toStartWith("E_NO_CREDENTIALS");
    expect(r.by("mcp server")).toMatchObject({ status: "skip" });
  });
});

describe.skipIf(!requirePython(["moto"]))(
  "ops-agent doctor against a server without aws___run_script",
  () => {
    test("the mcp check fails naming the missing tool and what is offered; exit 1", async () => {
      const org = await startCliOrg({
        accounts: ORG,
        mcp: {
          omitRunScript: true,
          tools: { aws___search_documentation: () => ({ content: [{ type: "text", text: "[]" }] }) },
        },
      });
      try {
        const r = await doctor(["--config", org.configFile], org.env);
        expect(r.status).toBe(1);
        expect(r.by("accounts")?.detail).toBe(`4 account(s) from ${join(org.dir, "accounts.yaml")}`);
        expect(r.by("credential mode")?.detail).toStartWith("iam:");
        expect(r.by("credentials prod-app")).toMatchObject({ status: "ok" });
        expect(r.by("mcp server")).toEqual({
          check: "mcp server",
          status: "fail",
          detail: `${org.server.url} does not offer aws___run_script (tools: aws___search_documentation); ops-agent cannot run its tools there`,
        });
        // The listing was signed with prod-app's own assumed credentials and accepted.
        const listed = org.server.requests.filter((q) => q.method === "tools/list");
        expect(listed.map((q) => [q.accountId, q.status])).toEqual([[ORG[1]!.id, 200]]);
        const r2 = await doctor(["--config", org.configFile, "--offline"], org.env);
        expect(r2.status).toBe(0);
        expect(r2.by("mcp server")?.status).toBe("skip");
      } finally {
        await org.close();
      }
    }, 20_000);
  },
);

describe.skipIf(!requirePython(["moto"]))("ops-agent doctor against a sandbox without asyncio", () => {
  test("the probe finds asyncio missing and the envelope; the real template still runs there: warn, exit 0", async () => {
    // The server runs each script in python3 with asyncio refused, and wraps the answer as the managed server does.
    const canned = [
      { operation: "DescribeVpcs", response: { Vpcs: [{ VpcId: "vpc-1" }, { VpcId: "vpc-2" }] } },
    ];
    let refuseProbe = false;
    const org = await startCliOrg({
      accounts: ORG,
      mcp: {
        tools: {
          aws___run_script: (args) => {
            // A server that refuses scripts calling no AWS API (doctor's probe), for the second run.
            if (refuseProbe && isProbeScript(String(args.code))) {
              return {
                content: [{ type: "text", text: "ValidationError: script makes no AWS call" }],
                isError: true,
              };
            }
            const [run] = runScripts({
              mode: "canned",
              canned,
              scripts: [{ name: "s", code: String(args.code), block: ["asyncio"] }],
            });
            if (!run?.ok) return { content: [{ type: "text", text: run?.error ?? "no run" }], isError: true };
            const value = { status: "success", return_value: run.answer ?? run.result, api_calls: run.calls };
            return { content: [{ type: "text", text: JSON.stringify(value) }] };
          },
        },
      },
    });
    try {
      const r = await doctor(["--config", org.configFile], org.env);
      expect(r.by("script sandbox")).toMatchObject({ status: "warn" });
      expect(r.by("script sandbox")?.detail).toMatch(
        /^one script in \d+ ms; \{status, return_value\} envelope; imports json \(Python 3\.\d+\.\d+\); no asyncio: regions run one after another, not concurrently$/,
      );
      expect(JSON.parse(r.stdout).probe).toMatchObject({
        shape: "envelope",
        modules: { json: true, asyncio: false },
        callBoto3: true,
        missing_required: [],
        missing_optional: ["asyncio"],
      });
      // The template adapted: the real tool script answered through the envelope.
      expect(r.by("script run")).toMatchObject({ status: "ok" });
      expect(r.by("script run")?.detail).toMatch(/: 2 item\(s\) in \d+ ms$/);
      expect(r.status).toBe(0);
      // A probe the server refuses is no evidence against tool scripts: warn, and the script run decides.
      refuseProbe = true;
      const refused = await doctor(["--config", org.configFile], org.env);
      expect(refused.by("script sandbox")).toMatchObject({ status: "warn" });
      expect(refused.by("script sandbox")?.detail).toStartWith("probe failed, sandbox unknown");
      expect(refused.by("script sandbox")?.detail).toContain("script makes no AWS call");
      expect(refused.by("script run")).toMatchObject({ status: "ok" });
      expect(refused.status).toBe(0);
    } finally {
      await org.close();
    }
  }, 30_000);
});
