import { defineCommand } from "citty";
import { OpsError } from "../../errors.ts";
import type { PingBody } from "../../server/ping.ts";

/** True when `body` is a contract-valid `/ping` answer. */
function isPingBody(body: unknown): body is PingBody {
  if (typeof body !== "object" || body === null) return false;
  const { status, time_of_last_update: stamp } = body as Record<string, unknown>;
  return (status === "Healthy" || status === "HealthyBusy") && Number.isInteger(stamp);
}

/** GET the ping URL; resolves to a one-line verdict and whether it is healthy. */
export async function checkHealth(url: string, timeoutMs: number): Promise<{ ok: boolean; message: string }> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    const text = await response.text();
    if (response.status !== 200) return { ok: false, message: `${url} answered ${response.status}` };
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      return { ok: false, message: `${url} answered a body that is not JSON` };
    }
    if (!isPingBody(body))
      return { ok: false, message: `${url} answered an invalid ping body: ${text.slice(0, 200)}` };
    return { ok: true, message: body.status };
  } catch (error) {
    const reason =
      error instanceof Error && error.name === "TimeoutError"
        ? `no answer within ${timeoutMs} ms`
        : String(error);
    return { ok: false, message: `${url}: ${reason}` };
  }
}

export default defineCommand({
  meta: {
    name: "healthcheck",
    description: "Exit 0 when the server's /ping answers 200 with a valid body (container HEALTHCHECK)",
  },
  args: {
    url: { type: "string", description: "Ping URL", default: "http://127.0.0.1:8080/ping", valueHint: "url" },
    "timeout-ms": {
      type: "string",
      description: "Give up after this many milliseconds",
      default: "3000",
      valueHint: "ms",
    },
  },
  async run({ args }) {
    const timeoutMs = Number(args["timeout-ms"]);
    if (!Number.isInteger(timeoutMs) || timeoutMs <= 0) {
      throw new OpsError("E_USAGE", `--timeout-ms must be a positive integer (got "${args["timeout-ms"]}")`);
    }
    const { ok, message } = await checkHealth(args.url, timeoutMs);
    (ok ? process.stdout : process.stderr).write(`${ok ? "healthy" : "unhealthy"}: ${message}\n`);
    process.exitCode = ok ? 0 : 1;
  },
});
