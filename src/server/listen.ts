import type { Serve, Server } from "bun";
import { messageOf, OpsError } from "../errors.ts";

/** Bun.serve, with a bind failure (port in use, bad address) reported as a usable error. */
export function listen(options: Serve.Options<undefined>, flag: string): Server<undefined> {
  try {
    return Bun.serve(options);
  } catch (error) {
    const where = `${options.hostname ?? "0.0.0.0"}:${options.port ?? ""}`;
    throw new OpsError("E_SERVER", `cannot listen on ${where}: ${messageOf(error)}`, {
      cause: error,
      hint: `is another server on that port? choose another with ${flag}`,
    });
  }
}

/** The server's base URL for clients: 0.0.0.0 and :: fail as a destination on some systems, so loopback. */
export function localUrl(server: Server<undefined>): string {
  let host = server.hostname || "127.0.0.1";
  if (host === "0.0.0.0" || host === "::") host = "127.0.0.1";
  else if (host.includes(":")) host = `[${host}]`;
  return `http://${host}:${server.port ?? 0}`;
}
