import { expect, test } from "bun:test";
import { cellText, elide, renderTextTable } from "../../src/text-table.ts";

const ARN = "arn:aws:ecs:us-east-1:512345678901:task-definition/storefront:214";

test("cells: '-' for missing, lists comma-separated, flat objects k=v", () => {
  expect([undefined, null, "", []].map(cellText)).toEqual(["-", "-", "-", "-"]);
  expect(cellText(["sg-1", "sg-2"])).toBe("sg-1,sg-2");
  expect(cellText({ env: "prod", team: "web" })).toBe("env=prod,team=web");
  expect(cellText({ a: { b: 1 } })).toBe('{"a":{"b":1}}');
  expect(cellText("two\nlines")).toBe("two lines");
});

test("no width: natural widths; a width fits every line, never losing the tail of an identifier", () => {
  const headers = ["name", "task_definition", "message"];
  const rows = [["storefront", ARN, "the service has reached a steady state after the deployment"]];
  expect(renderTextTable(headers, rows).split("\n")[1]).toContain(ARN);
  const fitted = renderTextTable(headers, rows, { width: 60 });
  for (const line of fitted.split("\n")) expect(line.length).toBeLessThanOrEqual(60);
  expect(fitted).toContain("…/storefront:214"); // the family:revision survives
  expect(fitted.replace(/\s+/g, " ")).toContain("the service has reached a steady state"); // text wraps
});

test("too many columns for the width: one record per row, every value whole", () => {
  const headers = ["id", "name", "vpc_id", "launch_time", "private_ip", "az"];
  const row = [
    "i-0a10c0ffee0000001",
    "prod-web-1",
    "vpc-0a10000000000e001",
    "2026-10-03T07:30:00Z",
    "10.10.10.21",
    "us-east-1a",
  ];
  const text = renderTextTable(headers, [row, row], { width: 50 });
  expect(text.split("\n\n")).toHaveLength(2);
  expect(text).toContain("vpc_id       vpc-0a10000000000e001");
  for (const line of text.split("\n")) expect(line.length).toBeLessThanOrEqual(50);
});

test("elide keeps head and tail within the width", () => {
  expect(elide("short", 10)).toBe("short");
  const e = elide(ARN, 24);
  expect(e.length).toBe(24);
  expect(e).toEndWith("/storefront:214");
  expect(elide("x".repeat(30), 10)).toMatch(/^x{3}…x{6}$/);
});
