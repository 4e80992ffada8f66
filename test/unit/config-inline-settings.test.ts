import { describe, expect, test } from "bun:test";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadConfig } from "../../src/config/load.ts";
import { OpsError } from "../../src/errors.ts";

/** OPS_AGENT_SETTINGS: the settings themselves in the environment (AgentCore, where the image has no file). */
const cwd = () => mkdtempSync(join(tmpdir(), "inline-settings-"));

describe("OPS_AGENT_SETTINGS", () => {
  test("is read like a settings file: validated, each key located at its line", () => {
    const config = loadConfig({
      env: { OPS_AGENT_SETTINGS: "region: eu-west-1\norganizations:\n  enabled: true\n" },
      cwd: cwd(),
    });
    expect(config.settings.region).toBe("eu-west-1");
    expect(config.settings.organizations.enabled).toBe(true);
    expect(config.sources.settings).toBe("OPS_AGENT_SETTINGS");
    expect(config.provenance?.["organizations.enabled"]).toBe("OPS_AGENT_SETTINGS:3");
  });

  test("a mistake names OPS_AGENT_SETTINGS and the line", () => {
    let error: unknown;
    try {
      loadConfig({ env: { OPS_AGENT_SETTINGS: "organizations:\n  enabeld: true\n" }, cwd: cwd() });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(OpsError);
    expect((error as OpsError).code).toBe("E_CONFIG");
    expect((error as OpsError).message).toContain("OPS_AGENT_SETTINGS:2");
  });

  test("a settings file named by OPS_AGENT_CONFIG wins over it", () => {
    const dir = cwd();
    const file = join(dir, "ops-agent.yaml");
    writeFileSync(file, "region: ap-southeast-2\n");
    const config = loadConfig({
      env: { OPS_AGENT_CONFIG: file, OPS_AGENT_SETTINGS: "region: eu-west-1\n" },
      cwd: dir,
    });
    expect(config.settings.region).toBe("ap-southeast-2");
  });
});
