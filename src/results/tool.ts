import type { ResultsSettings } from "../config/types.ts";
import { OpsError } from "../errors.ts";
import type { ToolSpec } from "../tools/types.ts";
import { describeQuery } from "./summary.ts";
import type { QueryResult, ResultStore } from "./types.ts";

export const QUERY_RESULTS = "query_results";

/** The built-in tool over the session's result tables. */
export function queryResultsSpec(settings: ResultsSettings): ToolSpec {
  return {
    name: QUERY_RESULTS,
    description:
      "Runs ONE read-only SQLite SELECT over the tables of this conversation's tool results and returns the rows " +
      `(at most ${settings.max_rows}; the result says when more exist). Every tool call is stored as a table ` +
      "(named in its result: columns account_id, account_name, region + the tool's fields; nested values are " +
      "JSON text for json_extract/json_each) and a units table (account_id, account_name, region, ok, " +
      "error_code, error_message, rows, truncated). result_tables lists them. Use it for counts, sums, " +
      "groupings, top-N, comparisons and joins across tool results. LEFT JOIN from the units table so " +
      "accounts that failed or have nothing are listed, not silently missing.",
    inputSchema: {
      type: "object",
      additionalProperties: false,
      required: ["sql"],
      properties: {
        sql: {
          type: "string",
          description:
            "One SELECT (or WITH … SELECT), e.g. SELECT account_name, count(*) AS n FROM lambda_list_functions_1 GROUP BY 1 ORDER BY n DESC",
        },
      },
    },
  };
}

/** Runs a `query_results` use: the rows, the cap and the failed units of the tables it read. */
export async function runQueryResults(
  store: ResultStore,
  input: Record<string, unknown>,
  settings: ResultsSettings,
  maxChars: number,
): Promise<{ result: QueryResult; view: Record<string, unknown> }> {
  const { sql, ...rest } = input;
  if (typeof sql !== "string")
    throw new OpsError("E_VALIDATION", "query_results needs `sql`: one SELECT statement");
  const extra = Object.keys(rest);
  if (extra.length > 0)
    throw new OpsError("E_VALIDATION", `query_results takes only \`sql\` (got ${extra.join(", ")})`);
  const result = await store.query(sql, {
    maxRows: settings.max_rows,
    timeoutMs: settings.query_timeout_ms,
    maxChars,
  });
  return { result, view: describeQuery(sql, result, store.tables()) };
}
