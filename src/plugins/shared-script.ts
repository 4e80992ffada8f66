/**
 * Several tool scripts for one account in one `aws___run_script` (tool uses of the same model turn:
 * each request costs quota). Each part is a generated template script, unchanged, as the body of its
 * own `async def` (its SPEC and helpers are that function's locals, so parts cannot see each other);
 * the parts run concurrently with asyncio.gather where the sandbox has asyncio, else one after
 * another, and the script answers `{v: 3, calls: [answer | {failed}]}` in the order of the parts. A
 * part that raises is that part's failure only.
 */
const HEAD =
  "# ops-agent shared script: one account, several tool scripts, each unchanged in its own function.\n";
const PART = /^async def _ops_part_(\d+)\(\):$/;

const TAIL = `try:
    import asyncio
except Exception:  # no asyncio: the parts run one after another
    asyncio = None


async def _ops_run(part):
    try:
        return await part()
    except Exception as e:
        return {"failed": type(e).__name__ + ": " + str(e)}


if asyncio is not None:
    _ops_answers = list(await asyncio.gather(*[_ops_run(p) for p in _ops_parts]))
else:
    _ops_answers = [await _ops_run(p) for p in _ops_parts]
return {"v": 3, "calls": _ops_answers}
`;

const indent = (code: string) =>
  code
    .split("\n")
    .map((line) => (line === "" ? "" : `    ${line}`))
    .join("\n");

/** One script running `parts` (generated tool scripts) in one account. */
export function shareScript(parts: string[]): string {
  const defs = parts.map((code, i) => `async def _ops_part_${i}():\n${indent(code.replace(/\n+$/, ""))}\n`);
  const list = `_ops_parts = [${parts.map((_, i) => `_ops_part_${i}`).join(", ")}]\n`;
  return `${HEAD}\n${defs.join("\n\n")}\n\n${list}${TAIL}`;
}

/**
 * The parts of a shared script, or undefined when `code` is not exactly what `shareScript` makes of
 * them (the sandbox then judges each part as any script).
 */
export function splitSharedScript(code: string): string[] | undefined {
  if (!code.startsWith(HEAD)) return undefined;
  const parts: string[][] = [];
  for (const line of code.slice(HEAD.length).split("\n")) {
    const part = PART.exec(line);
    if (part && Number(part[1]) === parts.length) parts.push([]);
    else if (line.startsWith("_ops_parts = ")) break;
    else if (parts.length > 0) parts[parts.length - 1]!.push(line.startsWith("    ") ? line.slice(4) : line);
  }
  const texts = parts.map((lines) => `${lines.join("\n").replace(/\n+$/, "")}\n`);
  return texts.length > 0 && shareScript(texts) === code ? texts : undefined;
}
