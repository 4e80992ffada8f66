import { expect, test } from "bun:test";
import { spawnCli } from "../helpers/spawn-cli.ts";

/** Tables a person can read, from `call` and from `ask` (the model-free planner) alike. */
/** Lines over the width, except the planner's one-line explanation (prose, not a table). */
const fits = (text: string, width: number) =>
  text.split("\n").filter((line) => !line.startsWith("Model-free planner") && [...line].length > width);

test.each([
  [
    "call",
    [
      "call",
      "ecs_describe_services",
      "--sandbox",
      "--accounts",
      "production",
      "--regions",
      "us-east-1",
      "--arg",
      "cluster=prod-web",
    ],
  ],
  ["ask", ["ask", "--sandbox", "list ECS services in production"]],
])("%s: every line fits COLUMNS=80 and task definitions keep family:revision", async (_, args) => {
  const r = await spawnCli(args, { env: { COLUMNS: "80" } });
  expect(r.status).toBe(0);
  expect(fits(r.stdout, 80)).toEqual([]);
  for (const revision of ["/storefront:214", "/checkout:97", "/cart:51"])
    expect(r.stdout).toContain(revision);
});

test("no COLUMNS and not a terminal: whole lines for scripts, missing values '-'", async () => {
  const r = await spawnCli(["call", "ec2_describe_instances", "--sandbox", "--accounts", "production"]);
  expect(r.status).toBe(0);
  const first = r.stdout.split("\n").find((l) => l.includes("prod-web-1"))!;
  expect(first).toMatch(
    /^production\s+us-east-1\s+i-0a10c0ffee0000001\s+prod-web-1\s+m6i\.large\s+running\s+\S+\s+-\s+/,
  );
});
