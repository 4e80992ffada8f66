import type { Serve, Server } from "bun";
import { OpsError } from "../errors.ts";

/** Bun.serve, with a bind failure (port in use, bad address) reported as a usable error. */
export function listen(options: Serve.Options<undefined>, flag: string): Server<undefined> {
  try {
    return Bun.serve(options);
  } catch (error) {
    const where = `${options.hostname ?? "0.0.0.0"}:${options.port ?? ""}`;
    throw new OpsError(
      "E_SERVER",
      `cannot listen on ${where}: ${error instanceof Error ? error.message : String(error)}`,
      {
        cause: error,
        hint: `is another server on that port? choose another with ${flag}`,
      },
    );
  }
}
