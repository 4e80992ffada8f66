import { plugin } from "bun";

// Loaded before every test file (bunfig.toml). Keeps tests hermetic: no real AWS profile, region or
// endpoint from the developer's shell leaks into a test.
for (const name of Object.keys(process.env)) {
  if (/^(AWS_|OPS_AGENT_|ACCOUNT_REGISTRY$)/.test(name)) delete process.env[name];
}
process.env.AWS_EC2_METADATA_DISABLED = "true";

// Bun's default test timeout is 5 s; tests that spawn the CLI or start moto need more on a loaded machine.
// Bun 1.4.5 offers no setting that reaches every file: bunfig's `[test] timeout` is ignored, and a
// preload's setDefaultTimeout() applies to the first file of a run only (oven-sh/bun#43787; measured with
// three 6 s tests: the 2nd and 3rd timed out at 5000 ms). setDefaultTimeout() is per file, so this loader
// prepends a call to it to every test file, on its first line (line numbers in stack traces stay right).
export const TEST_TIMEOUT_MS = 30_000;
plugin({
  name: "per-file default test timeout",
  setup(build) {
    build.onLoad({ filter: /\.test\.ts$/ }, async ({ path }) => ({
      loader: "ts",
      contents: `import { setDefaultTimeout as __setDefaultTimeout } from "bun:test"; __setDefaultTimeout(${TEST_TIMEOUT_MS}); ${await Bun.file(path).text()}`,
    }));
  },
});
