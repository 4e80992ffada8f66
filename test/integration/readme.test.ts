import { expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { ROOT } from "../helpers/cli.ts";
import { spawnCli } from "../helpers/spawn-cli.ts";

/** The README's Quick start shows real output: run its first command's question and compare. */
test("the README's Quick start command prints what the README shows (durations aside)", async () => {
  const readme = readFileSync(join(ROOT, "README.md"), "utf8");
  const command = readme.match(/npm install && npm start -s -- (ask --sandbox "([^"]+)")/);
  expect(command).not.toBeNull();
  const shown = readme.match(/Output of the first command[^\n]*\n\n```text\n([\s\S]*?)```/)?.[1];
  expect(shown).toBeDefined();
  const r = await spawnCli(["ask", "--sandbox", command![2]!]);
  expect(r.status).toBe(0);
  const normalise = (text: string) => text.replace(/\d+\.\d+s$/gm, "<s>");
  // stderr carries the progress lines (▸ …), stdout the answer; the README shows them as a terminal would.
  const progress = normalise(shown!)
    .split("\n")
    .filter((line) => line.startsWith("▸"));
  const answer = normalise(shown!)
    .split("\n")
    .filter((line) => !line.startsWith("▸"))
    .join("\n");
  expect(normalise(r.stdout)).toBe(answer);
  expect(normalise(r.stderr).trimEnd().split("\n")).toEqual(progress);
});
