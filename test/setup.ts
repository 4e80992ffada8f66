import { setDefaultTimeout } from "bun:test";

// Loaded before every test file (bunfig.toml). Keeps tests hermetic: no real AWS profile, region or
// endpoint from the developer's shell leaks into a test.
for (const name of Object.keys(process.env)) {
  if (/^(AWS_|OPS_AGENT_|ACCOUNT_REGISTRY$)/.test(name)) delete process.env[name];
}
process.env.AWS_EC2_METADATA_DISABLED = "true";

// bunfig.toml has no test-timeout key: raise Bun's 5 s default here so `bun test`, `npx bun test <file>` and
// `npm test` behave the same (moto-backed suites start a server and take longer).
setDefaultTimeout(30_000);
