/**
 * Builds the single `ops-agent` binary with `bun build --compile`.
 *   bun run scripts/build.ts                             -> dist/ops-agent (host)
 *   bun run scripts/build.ts --target bun-linux-arm64    -> dist/ops-agent-linux-arm64
 * Bytecode for fast start; no .env/bunfig autoloading at run time (the binary's behaviour depends only on
 * its flags, env and config files); the version is injected at build time. `--minify` is avoided because it
 * renames classes; syntax and whitespace minification keep names.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import pkg from "../package.json" with { type: "json" };

const argv = process.argv.slice(2);
const targetIndex = argv.indexOf("--target");
const target = targetIndex >= 0 ? argv[targetIndex + 1] : undefined;
const outfile = target ? `dist/ops-agent-${target.replace(/^bun-/, "")}` : "dist/ops-agent";
const gitSha = spawnSync("git", ["rev-parse", "--short", "HEAD"], { encoding: "utf8" }).stdout?.trim();
const version = gitSha ? `${pkg.version}+${gitSha}` : pkg.version;

mkdirSync("dist", { recursive: true });
const args = [
  "build",
  "src/cli/main.ts",
  "--compile",
  "--bytecode",
  "--format=esm",
  // Code splitting: each lazily imported command is its own chunk inside the binary, so Node built-ins
  // that only they use (node:http via the AWS SDK's IMDS provider, node:stream…) are not loaded before
  // `serve` listens (a single bundle hoists every built-in import to the top: ~5 ms of start-up).
  "--splitting",
  "--minify-syntax",
  "--minify-whitespace",
  "--sourcemap=none",
  "--no-compile-autoload-dotenv",
  "--no-compile-autoload-bunfig",
  `--define=OPS_AGENT_VERSION=${JSON.stringify(version)}`,
  `--outfile=${outfile}`,
  ...(target ? [`--target=${target}`] : []),
];
const started = performance.now();
const result = spawnSync(process.execPath, args, { stdio: "inherit" });
if (result.status !== 0) process.exit(result.status ?? 1);
const size = Bun.file(outfile).size;
console.log(
  `built ${outfile} (${(size / 1048576).toFixed(1)} MiB, ${version}) in ${Math.round(performance.now() - started)} ms`,
);
