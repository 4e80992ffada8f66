import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { OpsError } from "../errors.ts";
import type { PaginatorModel, ServiceModel } from "./model.ts";

/**
 * Reads botocore's data files (generator and tests only; never the shipped binary). botocore is asked
 * once for its version and data directory; models are read from the files directly.
 */
export function botocoreData(python = "python3"): { version: string; dir: string } {
  const run = spawnSync(
    python,
    ["-c", "import botocore, os; print(botocore.__version__); print(os.path.dirname(botocore.__file__))"],
    { encoding: "utf8" },
  );
  const [version, root] = (run.stdout ?? "").trim().split("\n");
  if (run.status !== 0 || !version || !root) {
    throw new OpsError("E_CONFIG", "python3 with botocore is needed to read the AWS service models", {
      hint: "install boto3 for python3",
      cause: run.stderr,
    });
  }
  return { version, dir: join(root, "data") };
}

/** Every service name botocore has models for. */
export function botocoreServices(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
}

function readJson(path: string): unknown {
  try {
    return JSON.parse(readFileSync(path, "utf8"));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
  return JSON.parse(new TextDecoder().decode(Bun.gunzipSync(readFileSync(`${path}.gz`))));
}

/** The newest API version's model and paginators, as botocore's loader picks them. */
export function readServiceModel(
  dir: string,
  service: string,
): { model: ServiceModel; paginators: PaginatorModel } {
  let versions: string[];
  try {
    versions = readdirSync(join(dir, service))
      .filter((v) => /^\d{4}-\d{2}-\d{2}$/.test(v))
      .sort();
  } catch {
    throw new OpsError("E_CONFIG", `botocore has no service named ${service}`);
  }
  const latest = join(dir, service, versions[versions.length - 1]!);
  const model = readJson(join(latest, "service-2.json")) as ServiceModel;
  let paginators: PaginatorModel = { pagination: {} };
  try {
    paginators = readJson(join(latest, "paginators-1.json")) as PaginatorModel;
  } catch {}
  return { model, paginators };
}
