import { tmpdir } from "node:os";
import { join } from "node:path";
import { type CliResult, childEnv, ensureBinary, ROOT } from "./cli.ts";

/**
 * The CLI as a child process that does not block this one: the fakes it talks to (Bedrock, STS proxy,
 * MCP server) live in the test process, so `spawnSync` would deadlock them. From source by default,
 * the compiled binary with `binary: true`. AWS_* and OPS_AGENT_* of the parent never leak in.
 */
export interface SpawnCliOptions {
  env?: Record<string, string | undefined>;
  /** Working directory; a temp dir by default, so no ./config of the repo is picked up. */
  cwd?: string;
  binary?: boolean;
}

export interface LiveCli {
  proc: ReturnType<typeof Bun.spawn>;
  /** Text received so far. */
  readonly stdout: string;
  readonly stderr: string;
  /** Resolves once `stream` contains `text` (rejects when the process exits first or after `ms`). */
  waitFor(stream: "stdout" | "stderr", text: string, ms?: number): Promise<void>;
  /** Everything, once the process has exited. */
  result: Promise<CliResult>;
}

export function startCli(args: string[], options: SpawnCliOptions = {}): LiveCli {
  const command = options.binary ? [ensureBinary()] : [process.execPath, join(ROOT, "src/cli/main.ts")];
  const proc = Bun.spawn([...command, ...args], {
    cwd: options.cwd ?? tmpdir(),
    env: childEnv(options.env ?? {}),
    stdin: "ignore",
    stdout: "pipe",
    stderr: "pipe",
  });
  const text = { stdout: "", stderr: "" };
  const pump = async (name: "stdout" | "stderr", stream: ReadableStream<Uint8Array>) => {
    const decoder = new TextDecoder();
    for await (const chunk of stream) text[name] += decoder.decode(chunk, { stream: true });
  };
  const pumps = Promise.all([
    pump("stdout", proc.stdout as ReadableStream<Uint8Array>),
    pump("stderr", proc.stderr as ReadableStream<Uint8Array>),
  ]);
  const result = Promise.all([proc.exited, pumps]).then(([status]) => ({ status, ...text }));
  return {
    proc,
    get stdout() {
      return text.stdout;
    },
    get stderr() {
      return text.stderr;
    },
    async waitFor(stream, wanted, ms = 15_000) {
      const deadline = Date.now() + ms;
      while (!text[stream].includes(wanted)) {
        if (proc.exitCode !== null || Date.now() > deadline) {
          throw new Error(`no "${wanted}" on ${stream} (exit ${proc.exitCode}); got:\n${text[stream]}`);
        }
        await Bun.sleep(10);
      }
    },
    result,
  };
}

export function spawnCli(args: string[], options: SpawnCliOptions = {}): Promise<CliResult> {
  return startCli(args, options).result;
}
