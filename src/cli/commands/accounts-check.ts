import { checkAccounts } from "../../credentials/check.ts";
import type { CliContext } from "../context.ts";
import { type OutputFormat, print, renderJson, renderTable, renderYaml, terminalWidth } from "../output.ts";
import { withRuntime } from "../runtime.ts";

/** `accounts --check`: credentials for every account, concurrently; exit 1 when any failed. */
export function runAccountsCheck(ctx: CliContext, format: OutputFormat, refresh = false): Promise<number> {
  return withRuntime(
    ctx,
    async (runtime) => {
      const rows = await checkAccounts({
        store: runtime.credentials,
        accounts: runtime.executor.accounts(),
        concurrency: ctx.config.settings.executor.concurrency,
      });
      const failed = rows.filter((r) => !r.ok).length;
      if (format === "json") print(renderJson({ auth: runtime.auth, accounts: rows }));
      else if (format === "yaml") print(renderYaml({ auth: runtime.auth, accounts: rows }));
      else {
        print(`credentials: ${runtime.auth.mode} (${runtime.auth.reason})`);
        print(
          renderTable(
            rows,
            [
              { header: "id", value: (r) => r.account_id },
              { header: "name", value: (r) => r.name },
              { header: "status", value: (r) => (r.ok ? "ok" : "FAILED") },
              { header: "source", value: (r) => r.source },
              { header: "expires", value: (r) => r.expires_at },
              { header: "ms", value: (r) => Math.round(r.latency_ms) },
              {
                header: "error",
                value: (r) => (r.error ? `${r.error.code}: ${r.error.message}` : undefined),
              },
            ],
            { width: terminalWidth() },
          ),
        );
        print(`${rows.length - failed}/${rows.length} accounts ok`);
      }
      return failed > 0 ? 1 : 0;
    },
    { refreshAccounts: refresh },
  );
}
