import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { Logger } from "../log.ts";
import { VERSION } from "../version.ts";
import type { FetchLike } from "./fetch-stack.ts";

export interface AccountSession {
  /** The account's initialised MCP client; the first caller connects, concurrent callers share it. */
  client(): Promise<Client>;
  /** Forgets `client` (its session expired) so the next `client()` initialises anew. */
  reset(client: Client): void;
  /** Ends the session (DELETE, 405 tolerated) and closes the client. */
  close(): Promise<void>;
}

export interface AccountSessionOptions {
  accountId: string;
  url: URL;
  /** The account's fetch stack (`createAccountFetch`). */
  fetch: FetchLike;
  /** Timeout of `initialize`. */
  timeoutMs: number;
  logger: Logger;
}

export function createAccountSession(options: AccountSessionOptions): AccountSession {
  const log = options.logger.child({ account: options.accountId });
  let current: Promise<Client> | undefined;
  let resolved: Client | undefined;

  async function connect(): Promise<Client> {
    const transport = new StreamableHTTPClientTransport(options.url, {
      fetch: options.fetch,
      // Bodies arrive whole from our fetch layer; SSE resumption would only ever hit the blocked GET.
      reconnectionOptions: {
        maxRetries: 0,
        initialReconnectionDelay: 0,
        maxReconnectionDelay: 0,
        reconnectionDelayGrowFactor: 1,
      },
    });
    const client = new Client({ name: "ops-agent", version: VERSION }, { capabilities: {} });
    client.onerror = (error) => log.debug("mcp transport", { error: error.message });
    await client.connect(transport, { timeout: options.timeoutMs });
    log.debug("mcp session", { session: transport.sessionId, protocol: transport.protocolVersion });
    return client;
  }

  async function end(client: Client): Promise<void> {
    const transport = client.transport as StreamableHTTPClientTransport | undefined;
    await transport
      ?.terminateSession()
      .catch((error: Error) => log.debug("mcp close", { error: error.message }));
    await client.close();
  }

  return {
    client() {
      if (!current) {
        const attempt = connect();
        current = attempt;
        attempt.then(
          (client) => {
            if (current === attempt) resolved = client;
          },
          () => {
            if (current === attempt) current = undefined;
          },
        );
      }
      return current;
    },
    reset(client) {
      // Not closed: other calls may still be reading answers from it; an idle client holds no socket or timer.
      if (resolved !== client) return;
      current = undefined;
      resolved = undefined;
    },
    async close() {
      const open = current;
      current = undefined;
      resolved = undefined;
      const client = await open?.catch(() => undefined);
      if (client) await end(client);
    },
  };
}
