import { readFileSync } from "node:fs";
import { dirname, isAbsolute, resolve } from "node:path";
import type { Config } from "../config/types.ts";
import { OpsError } from "../errors.ts";

/**
 * The bearer tokens `serve` accepts: the lines of `server.auth_token_file` (relative to the settings
 * file; blank lines and `#` comments skipped) and `OPS_AGENT_AUTH_TOKEN`. Read once, here, by the CLI.
 */
export function readAuthTokens(
  config: Config,
  env: Record<string, string | undefined>,
  cwd: string,
): string[] {
  const tokens: string[] = [];
  const file = config.settings.server.auth_token_file;
  if (file) {
    const base = config.sources.settings ? dirname(config.sources.settings) : cwd;
    const path = isAbsolute(file) ? file : resolve(base, file);
    let text: string;
    try {
      text = readFileSync(path, "utf8");
    } catch (cause) {
      throw new OpsError("E_CONFIG", `server.auth_token_file: cannot read ${path}`, { cause });
    }
    const lines = text.split(/\r?\n/).map((l) => l.trim());
    tokens.push(...lines.filter((l) => l !== "" && !l.startsWith("#")));
    if (tokens.length === 0) throw new OpsError("E_CONFIG", `server.auth_token_file: ${path} holds no token`);
  }
  const fromEnv = env.OPS_AGENT_AUTH_TOKEN?.trim();
  if (fromEnv) tokens.push(fromEnv);
  for (const token of tokens) {
    if (token.length < 16 || /\s/.test(token)) {
      throw new OpsError("E_CONFIG", "a bearer token must be at least 16 characters without spaces", {
        hint: "generate one with: openssl rand -hex 32",
      });
    }
  }
  return tokens;
}
