import { afterAll, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startFakeBedrock } from "../fakes/bedrock.ts";
import { spawnCli } from "../helpers/spawn-cli.ts";

/**
 * The data behind an answer and the result tables across processes: `ask --output json` with the
 * model-free planner and with a model (the fake Bedrock speaking ConverseStream), and `--session`
 * keeping the tables in `<id>.sqlite` so a follow-up in the next process can query the first call.
 */
const bedrock = startFakeBedrock();
const state = mkdtempSync(join(tmpdir(), "ops-agent-results-state-"));
afterAll(async () => {
  await bedrock.close();
  rmSync(state, { recursive: true, force: true });
});
const env = {
  OPS_AGENT_MODEL_ID: "us.anthropic.claude-test-v1:0",
  AWS_ENDPOINT_URL_BEDROCK_RUNTIME: bedrock.url,
  AWS_REGION: "us-east-1",
  AWS_ACCESS_KEY_ID: "AKIAIOSFODNN7EXAMPLE",
  AWS_SECRET_ACCESS_KEY: "fake-secret-for-the-local-fake-bedrock",
  XDG_STATE_HOME: state,
};

describe("ask --output json carries the data behind the answer", () => {
  test("model-free planner: the call's arguments, units and rows, with the cap stated", async () => {
    const r = await spawnCli([
      "ask",
      "--sandbox",
      "--output",
      "json",
      "list lambda functions in all accounts",
    ]);
    const doc = JSON.parse(r.stdout);
    const [call] = doc.tool_calls;
    expect(call.tool).toBe("lambda_list_functions");
    expect(call.data.rows.cap).toBe(200);
    expect(call.data.rows.columns.slice(0, 3)).toEqual(["account_id", "account_name", "region"]);
    expect(call.data.rows.rows.length).toBe(call.data.rows.total);
    const failed = call.data.units.filter((u: { ok: boolean }) => !u.ok);
    expect(failed).toMatchObject([
      { account_name: "staging", region: "eu-west-1", error: { code: "E_AWS_ACCESS_DENIED" } },
    ]);
    expect(doc.status).toBe("partial");
  });

  test("with a model and --session: tables and row counts; the next process queries the first call's table", async () => {
    bedrock.script(
      {
        reply: {
          content: [
            { toolUse: { toolUseId: "t1", name: "lambda_list_functions", input: { accounts: "all" } } },
          ],
        },
      },
      { reply: { content: [{ text: "Listed." }] } },
    );
    const first = await spawnCli(
      ["ask", "--sandbox", "--session", "r-1", "--output", "json", "list functions"],
      {
        env,
      },
    );
    const doc = JSON.parse(first.stdout);
    expect(doc.tables).toMatchObject([
      { name: "lambda_list_functions_1", units_table: "lambda_list_functions_1_units", units: 9, failed: 1 },
    ]);
    expect(doc.tool_calls[0].data.table).toMatchObject({ name: "lambda_list_functions_1" });
    expect(doc.tool_calls[0].data.units).toHaveLength(9);
    const file = join(state, "ops-agent", "sessions", "r-1.sqlite");
    expect(statSync(file).mode & 0o777).toBe(0o600);

    const sql =
      "SELECT u.account_name, count(r.account_id) AS n, min(u.ok) AS ok FROM lambda_list_functions_1_units u " +
      "LEFT JOIN lambda_list_functions_1 r USING (account_id, region) GROUP BY 1 ORDER BY 1";
    bedrock.script(
      { reply: { content: [{ toolUse: { toolUseId: "q1", name: "query_results", input: { sql } } }] } },
      { reply: { content: [{ text: "Counted." }] } },
    );
    const second = await spawnCli(
      ["ask", "--sandbox", "--session", "r-1", "--output", "json", "how many per account?"],
      { env },
    );
    const answer = JSON.parse(second.stdout);
    expect(answer.tool_calls[0]).toMatchObject({ tool: "query_results", ok: true });
    const rows = answer.tool_calls[0].data.rows;
    expect(rows.columns).toEqual(["account_name", "n", "ok"]);
    expect(rows.rows.map((x: unknown[]) => x[0])).toEqual(["data", "development", "production", "staging"]);
    expect(rows.rows.find((x: unknown[]) => x[0] === "staging")[2]).toBe(0);
    // What the model received says the staging unit failed.
    const messages = bedrock.requests.at(-1)!.body.messages as Array<{
      content: Array<{ toolResult?: { content: Array<{ json?: Record<string, unknown> }> } }>;
    }>;
    const view = messages.at(-1)!.content[0]!.toolResult!.content[0]!.json!;
    expect(view.failed_note).toContain("1 unit of the queried tables FAILED");
  });
});
