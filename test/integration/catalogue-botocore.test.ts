import { describe, expect, test } from "bun:test";
import { spawnSync } from "node:child_process";
import { botocoreData, readServiceModel } from "../../src/catalogue/botocore.ts";
import { builtinCatalogue } from "../../src/catalogue/builtin.ts";
import { extractService } from "../../src/catalogue/extract.ts";
import { operationKey } from "../../src/catalogue/names.ts";
import { requirePython, requireThat } from "../helpers/require.ts";

// The generated catalogue checked against the installed botocore (python3 child processes).
const catalogue = builtinCatalogue();
const DEFAULT_SERVICES = ["ec2", "ecs", "eks", "lambda", "rds", "s3"];

describe("operation catalogue against botocore", () => {
  test.skipIf(!requirePython(["botocore"]))(
    "botocore's xform_name of every operation resolves back to it",
    () => {
      const names = catalogue.services().flatMap((s) => Object.keys(catalogue.service(s)!.ops));
      const py = spawnSync(
        "python3",
        [
          "-c",
          "import sys, json; from botocore import xform_name; print(json.dumps([xform_name(n) for n in json.load(sys.stdin)]))",
        ],
        { input: JSON.stringify(names), encoding: "utf8", maxBuffer: 64 << 20 },
      );
      const expected = JSON.parse(py.stdout) as string[];
      expect(expected.length).toBe(names.length);
      for (const [i, n] of names.entries()) expect(operationKey(expected[i]!)).toBe(operationKey(n));
    },
  );

  const sameBotocore = () =>
    requireThat(
      botocoreData().version === catalogue.source.version,
      `botocore ${catalogue.source.version} (the catalogue's version; installed: ${botocoreData().version})`,
    );
  test.skipIf(!requirePython(["botocore"]) || !sameBotocore())(
    "the default services equal a fresh extraction from botocore",
    () => {
      const { dir } = botocoreData();
      for (const name of DEFAULT_SERVICES) {
        const { model, paginators } = readServiceModel(dir, name);
        expect(extractService(name, model, paginators)).toEqual(catalogue.service(name)!);
      }
    },
  );
});
