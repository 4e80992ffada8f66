import pkg from "../package.json" with { type: "json" };

declare const OPS_AGENT_VERSION: string | undefined;

/** Injected by scripts/build.ts with `--define`; falls back to package.json when run from source. */
export const VERSION: string = typeof OPS_AGENT_VERSION === "string" ? OPS_AGENT_VERSION : pkg.version;
