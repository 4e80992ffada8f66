// The AgentCore image, checked without a Docker engine: the Dockerfile linter, the image contract
// (stages, user, ports, entrypoint, healthcheck, layers), the build context (.dockerignore), the
// libraries the runtime base must provide, and scripts/check-arm64.sh on real arm64/x64 Bun binaries.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative, resolve } from "node:path";
import {
  execForm,
  fromImage,
  type Instruction,
  lintDockerfile,
  parseDockerfile,
  splitStages,
} from "../../scripts/lint-dockerfile.ts";
import { requireCommand, requireFile } from "../helpers/require.ts";

const ROOT = join(import.meta.dir, "../..");
const DOCKERFILE = readFileSync(join(ROOT, "Dockerfile"), "utf8");
const stages = splitStages(parseDockerfile(DOCKERFILE));
const final = stages.at(-1)!;
const finalOf = (keyword: string): Instruction[] => final.instructions.filter((i) => i.keyword === keyword);

describe("Dockerfile lint", () => {
  test("scripts/lint-dockerfile.ts passes on the Dockerfile", () => {
    const r = spawnSync(process.execPath, ["run", "scripts/lint-dockerfile.ts", "Dockerfile"], {
      cwd: ROOT,
      encoding: "utf8",
    });
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
  });

  test("the linter reports what it should", () => {
    const bad = [
      "FROM node AS build",
      "run echo hi",
      "FROM debian:latest",
      "ENV AWS_SECRET_ACCESS_KEY=abc",
      "ADD app /app",
      "USER app",
      "ENTRYPOINT /app serve",
      'HEALTHCHECK CMD ["a"]',
      'HEALTHCHECK CMD ["b"]',
    ].join("\n");
    const rules = lintDockerfile(bad).map((p) => `${p.line}:${p.rule}`);
    expect(rules).toEqual([
      "1:DL3006",
      "2:dockerfile-utils:0",
      "3:DL3007",
      "4:SECRET",
      "5:DL3020",
      "6:NUMERIC-USER",
      "7:DL3025",
      "8:dockerfile-utils:37",
    ]);
  });
});

describe("image contract", () => {
  test("multi-stage: the build stage runs natively and cross-compiles the arm64 binary", () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    const build = stages[0]!;
    expect(build.name).toBe("build");
    expect(build.from.args).toContain("--platform=$BUILDPLATFORM");
    const runs = build.instructions.filter((i) => i.keyword === "RUN").map((i) => i.args);
    expect(runs.some((r) => r.includes("npm ci"))).toBe(true);
    expect(runs.some((r) => r.includes("npm run build:arm64"))).toBe(true);
    expect(runs.join(" ")).toContain("dist/ops-agent-linux-arm64");
  });

  test("the runtime stage is distroless glibc with nothing but the binary", () => {
    expect(fromImage(final.from)).toMatch(/^gcr\.io\/distroless\/cc-debian12(:nonroot)?$/);
    expect(final.from.args).not.toContain("--platform");
    expect(finalOf("RUN")).toEqual([]); // no shell in the image
    expect(finalOf("COPY").map((i) => i.args)).toEqual(["--from=build /out/ops-agent /ops-agent"]);
    const layers = final.instructions.filter((i) => ["RUN", "COPY", "ADD"].includes(i.keyword));
    expect(layers.length).toBeLessThanOrEqual(1);
  });

  test("numeric non-root user, ports, entrypoint, healthcheck, environment", () => {
    const user = finalOf("USER").at(-1)!.args;
    expect(user).toMatch(/^[1-9]\d*(:[1-9]\d*)?$/);
    expect(finalOf("EXPOSE").flatMap((i) => i.args.split(/\s+/))).toEqual(["8080", "8000"]);
    expect(finalOf("ENTRYPOINT").map((i) => execForm(i.args))).toEqual([
      ["/ops-agent", "serve", "--host", "0.0.0.0", "--trust", "agentcore"],
    ]);
    expect(finalOf("CMD")).toEqual([]);
    expect(finalOf("HEALTHCHECK").map((i) => execForm(i.args))).toEqual([["/ops-agent", "healthcheck"]]);
    expect(finalOf("ENV").map((i) => i.args)).toContain("DOCKER_CONTAINER=1");
  });

  test("no AWS credentials anywhere in the Dockerfile", () => {
    expect(DOCKERFILE).not.toMatch(
      /AWS_(ACCESS_KEY_ID|SECRET_ACCESS_KEY|SESSION_TOKEN)|\b(AKIA|ASIA)[0-9A-Z]{16}\b/,
    );
  });
});

/** .dockerignore semantics: the last pattern matching the path or one of its parents decides. */
function dockerignored(patterns: string[], path: string): boolean {
  const toRegex = (glob: string) =>
    new RegExp(
      `^${glob
        .replace(/[.+^${}()|[\]\\]/g, "\\$&")
        .replace(/\*\*/g, "\u0000")
        .replace(/\*/g, "[^/]*")
        .replace(/\?/g, "[^/]")
        .replaceAll("\u0000", ".*")}$`,
    );
  const parts = path.split("/");
  const prefixes = parts.map((_, i) => parts.slice(0, i + 1).join("/"));
  let ignored = false;
  for (const raw of patterns) {
    const include = raw.startsWith("!");
    const re = toRegex((include ? raw.slice(1) : raw).replace(/^\/|\/$/g, ""));
    if (prefixes.some((p) => re.test(p))) ignored = !include;
  }
  return ignored;
}

/** Repository files reachable from the CLI entry point through static and dynamic imports (data files too). */
function bundledFiles(entry: string): string[] {
  const transpiler = new Bun.Transpiler({ loader: "ts" });
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file) || !existsSync(file)) return;
    seen.add(file);
    if (!/\.[cm]?[jt]sx?$/.test(file)) return;
    const source = readFileSync(file, "utf8").replace(/^#!.*/, "");
    for (const { path } of transpiler.scanImports(source)) {
      if (path.startsWith(".")) visit(resolve(dirname(file), path));
    }
  };
  visit(entry);
  return [...seen].map((f) => relative(ROOT, f));
}

describe("build context (.dockerignore)", () => {
  const patterns = readFileSync(join(ROOT, ".dockerignore"), "utf8")
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith("#"));

  test("keeps every file the build reads", () => {
    const files = bundledFiles(join(ROOT, "src/cli/main.ts"));
    expect(files).toContain("package.json");
    expect(files.some((f) => f.startsWith("plugins/"))).toBe(true);
    const needed = [...files, "package-lock.json", "scripts/build.ts", "tsconfig.json"];
    expect(needed.filter((f) => dockerignored(patterns, f))).toEqual([]);
  });

  test("leaves out VCS data, dependencies, build output, tests and local secrets", () => {
    for (const f of [
      ".git/config",
      "node_modules/yaml/package.json",
      "dist/ops-agent",
      "test/setup.ts",
      ".env",
      "infrastructure/deploy.sh",
      ".aws/credentials",
    ])
      expect({ f, ignored: dockerignored(patterns, f) }).toEqual({ f, ignored: true });
  });
});

// ---- the binary -----------------------------------------------------------------------------------

/** Source of a stand-in for the real binary: the CLI surface check-arm64.sh drives, nothing more. */
const STANDIN = `
const [command, ...rest] = process.argv.slice(2);
const flag = (name) => rest[rest.indexOf(name) + 1];
if (command === "--version") console.log("${(await Bun.file(join(ROOT, "package.json")).json()).version}+standin");
else if (command === "serve") {
  const stamp = Math.floor(Date.now() / 1000);
  Bun.serve({ hostname: flag("--host"), port: Number(flag("--port")),
    fetch: () => Response.json({ status: "Healthy", time_of_last_update: stamp }) });
} else if (command === "healthcheck") {
  const body = await fetch(flag("--url")).then((r) => r.json()).catch(() => ({}));
  process.exit(body.status === "Healthy" ? 0 : 1);
} else process.exit(2);
`;

let work = "";
const binaries: Record<"arm64" | "x64", string> = { arm64: "", x64: "" };

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), "arm64-check-"));
  writeFileSync(join(work, "standin.ts"), STANDIN);
  for (const arch of ["arm64", "x64"] as const) {
    binaries[arch] = join(work, `standin-${arch}`);
    const r = spawnSync(
      process.execPath,
      [
        "build",
        "--compile",
        `--target=bun-linux-${arch}`,
        join(work, "standin.ts"),
        `--outfile=${binaries[arch]}`,
      ],
      { encoding: "utf8" },
    );
    if (r.status !== 0) throw new Error(`bun build --compile (${arch}) failed: ${r.stderr}`);
  }
}, 120_000);
afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

/** glibc sonames in gcr.io/distroless/cc-debian12 (Debian 12: glibc 2.36, libgcc-s1, libstdc++6). */
const DISTROLESS_CC = [
  "libc.so.6",
  "libm.so.6",
  "libpthread.so.0",
  "libdl.so.2",
  "librt.so.1",
  "ld-linux-aarch64.so.1",
  "libgcc_s.so.1",
  "libstdc++.so.6",
];

describe("arm64 binary", () => {
  test.skipIf(!requireCommand("readelf", ["--version"]))(
    "the runtime base image provides every library a Bun arm64 binary needs",
    () => {
      const real = join(ROOT, "dist/ops-agent-linux-arm64");
      const binary = existsSync(real) ? real : binaries.arm64;
      const dynamic = spawnSync("readelf", ["-d", "-l", binary], { encoding: "utf8" }).stdout;
      const needed = [...dynamic.matchAll(/\(NEEDED\)\s+Shared library: \[(.+?)\]/g)].map((m) => m[1]!);
      expect(needed.length).toBeGreaterThan(0);
      expect(needed.filter((lib) => !DISTROLESS_CC.includes(lib))).toEqual([]);
      expect(dynamic).toContain("[Requesting program interpreter: /lib/ld-linux-aarch64.so.1]");
      const versions = spawnSync("readelf", ["-V", binary], { encoding: "utf8" }).stdout;
      const glibc = [...versions.matchAll(/GLIBC_(\d+)\.(\d+)/g)].map(
        (m) => Number(m[1]) * 1000 + Number(m[2]),
      );
      expect(Math.max(...glibc)).toBeLessThanOrEqual(2036);
    },
  );

  const check = (binary: string, env: Record<string, string> = {}) =>
    spawnSync("bash", [join(ROOT, "scripts/check-arm64.sh"), binary], {
      encoding: "utf8",
      env: { ...process.env, ...env },
    });

  test("check-arm64.sh rejects a binary that is not aarch64", () => {
    const r = check(binaries.x64);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("built for ELF machine 62, not aarch64 (183)");
    const notElf = join(work, "not-elf");
    writeFileSync(notElf, "#!/bin/sh\n");
    expect(check(notElf).stderr).toContain("is not an ELF file");
  });

  test("check-arm64.sh enforces the size budget", () => {
    const r = check(binaries.arm64, { OPS_AGENT_MAX_BINARY_MB: "50" });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/is \d+\.\d MiB, over the budget of 50 MiB/);
  });

  test("check-arm64.sh reports a missing emulator as skipped, and fails on it in CI", () => {
    const local = check(binaries.arm64, { OPS_AGENT_QEMU: "/nonexistent/qemu", CI: "" });
    expect(local.status).toBe(0);
    expect(local.stdout).toContain("SKIPPED: running the binary: qemu-aarch64 not found");
    const ci = check(binaries.arm64, { OPS_AGENT_QEMU: "/nonexistent/qemu", CI: "true" });
    expect(ci.status).toBe(1);
    expect(ci.stderr).toContain("required when CI is set");
  });

  test.skipIf(
    !requireCommand("qemu-aarch64-static", ["--version"]) ||
      !requireFile("/usr/aarch64-linux-gnu/lib/ld-linux-aarch64.so.1", "libc6-arm64-cross"),
  )(
    "check-arm64.sh runs --version, /ping and healthcheck under qemu-aarch64",
    () => {
      const r = check(binaries.arm64);
      expect(r.stderr).toBe("");
      expect(r.status).toBe(0);
      expect(r.stdout).toContain("+standin (under ");
      expect(r.stdout).toMatch(
        /serve answered \/ping in \d+ ms: \{"status":"Healthy","time_of_last_update":\d+\}/,
      );
      expect(r.stdout).toContain("healthcheck exits 0");
    },
    60_000,
  );
});
