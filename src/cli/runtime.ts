import type { Agent } from "../agent/types.ts";
import type { Config } from "../config/types.ts";
import type { Logger } from "../log.ts";
import type { Executor } from "../tools/types.ts";
import type { CliContext } from "./context.ts";

/**
 * The composition root: builds credentials → MCP pool → plugins → executor (→ agent) from the
 * configuration, in production or sandbox mode. Commands use only this.
 */
export interface Runtime {
  config: Config;
  logger: Logger;
  executor: Executor;
  /** Builds the Bedrock agent on first use (ask, serve); `call` never loads the model client. */
  agent(): Promise<Agent>;
  /** Closes MCP sessions and local endpoints. */
  close(): Promise<void>;
}

export async function createRuntime(_ctx: CliContext): Promise<Runtime> {
  throw new Error("createRuntime: being wired by the lead (src/cli/runtime.ts)");
}
