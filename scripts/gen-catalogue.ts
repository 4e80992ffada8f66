/**
 * Generates the operation catalogue (src/catalogue/data/) from botocore's service models.
 *   bun run scripts/gen-catalogue.ts           write catalogue.jsonl and index.json
 *   bun run scripts/gen-catalogue.ts --check   exit 1 when they are out of date (CI)
 * Source: the botocore installed for python3, the library the AWS MCP Server's `call_boto3` runs; the
 * newest API version of every service, as botocore's loader picks it. All services are written (one line
 * each, ~4 MB, parsed per service on first use); the setting `services` decides which `aws_read` and
 * `iam-policy` cover. The botocore version is recorded in index.json; a check on a machine with another
 * botocore version cannot compare and says so (skipped, never passed).
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { botocoreData, botocoreServices, readServiceModel } from "../src/catalogue/botocore.ts";
import { extractService } from "../src/catalogue/extract.ts";

const DATA = "src/catalogue/data";

export function expectedCatalogue(): { version: string; files: Record<string, string> } {
  const { version, dir } = botocoreData();
  const services = botocoreServices(dir).filter((name) => {
    try {
      readServiceModel(dir, name);
      return true;
    } catch {
      return false;
    }
  });
  const lines = services.map((name) => {
    const { model, paginators } = readServiceModel(dir, name);
    return `${name}\t${JSON.stringify(extractService(name, model, paginators))}`;
  });
  const index = { source: "botocore", version, services: services.length };
  return {
    version,
    files: {
      "index.json": `${JSON.stringify(index, null, 2)}\n`,
      "catalogue.jsonl": `${lines.join("\n")}\n`,
    },
  };
}

function read(path: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return "";
  }
}

if (import.meta.main) {
  const { version, files } = expectedCatalogue();
  if (process.argv.includes("--check")) {
    const recorded = (JSON.parse(read(join(DATA, "index.json")) || "{}") as { version?: string }).version;
    if (recorded && recorded !== version) {
      console.log(
        `SKIPPED: the catalogue was generated from botocore ${recorded}; this machine has ${version}, so it cannot be compared (regenerate: bun run scripts/gen-catalogue.ts)`,
      );
      process.exit(0);
    }
    const stale = Object.keys(files).filter((f) => read(join(DATA, f)) !== files[f]);
    for (const f of stale)
      console.error(`${join(DATA, f)} is out of date: run bun run scripts/gen-catalogue.ts`);
    if (stale.length) process.exit(1);
    console.log(`operation catalogue up to date (botocore ${version})`);
  } else {
    for (const [file, content] of Object.entries(files)) writeFileSync(join(DATA, file), content);
    console.log(`wrote ${DATA} (${files["catalogue.jsonl"]!.length} bytes, botocore ${version})`);
  }
}
