/** The tool-result budget before result tables (kept only as the bench baseline of "characters sent to the model"). */
import type { ToolResultContentBlock } from "@aws-sdk/client-bedrock-runtime";
import type { CallResult } from "../src/tools/types.ts";

type Json = ToolResultContentBlock.JsonMember["json"];

interface ItemsData {
  items: unknown[];
  truncated?: boolean;
  omitted?: number;
}

function itemsOf(data: unknown): ItemsData | undefined {
  const d = data as ItemsData | undefined;
  return d && typeof d === "object" && Array.isArray(d.items) ? d : undefined;
}

function note(fullChars: number, maxChars: number, omitted: number): string {
  const what =
    omitted > 0 ? `${omitted} items were left out (see "omitted" per account)` : "the text was cut";
  return (
    `TRUNCATED: this result had ${fullChars} characters, over the ${maxChars}-character budget; ${what}. ` +
    "Tell the user the answer may be incomplete, or ask again with fewer accounts or regions or a narrower filter."
  );
}

/**
 * The tool result as the model sees it: the whole envelope as JSON when it fits `maxChars`, else the envelope
 * with the largest per-unit item lists halved until it fits (every account and region stays visible, each
 * cut unit says how many items it lost), else a cut JSON text. A truncated result always carries a note.
 */
export function fitToolResult(result: CallResult, maxChars: number): ToolResultContentBlock {
  const full = JSON.stringify(result);
  if (full.length <= maxChars) return { json: result as unknown as Json };
  const copy = JSON.parse(full) as CallResult;
  let omitted = 0;
  for (let round = 0; round < 64; round++) {
    const largest = copy.results
      .map((unit) => itemsOf(unit.data))
      .filter((d): d is ItemsData => d !== undefined && d.items.length > 0)
      .sort((a, b) => b.items.length - a.items.length)[0];
    if (!largest) break;
    const keep = Math.floor(largest.items.length / 2);
    const cut = largest.items.length - keep;
    largest.items = largest.items.slice(0, keep);
    largest.truncated = true;
    largest.omitted = (largest.omitted ?? 0) + cut;
    omitted += cut;
    const candidate = { ...copy, note: note(full.length, maxChars, omitted) };
    if (JSON.stringify(candidate).length <= maxChars) return { json: candidate as unknown as Json };
  }
  const tail = `\n${note(full.length, maxChars, 0)}`;
  return { text: `${full.slice(0, Math.max(0, maxChars - tail.length))}${tail}` };
}
