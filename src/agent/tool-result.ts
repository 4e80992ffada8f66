import type { ToolResultContentBlock } from "@aws-sdk/client-bedrock-runtime";
import { summarizeCall } from "../results/summary.ts";
import type { TableInfo } from "../results/types.ts";
import type { CallResult } from "../tools/types.ts";

type Json = ToolResultContentBlock.JsonMember["json"];

/**
 * A tool result as the model sees it: the whole envelope (plus the names of its tables) when it fits
 * `maxChars`, else a summary of the stored table — columns, rows per account, failed units, first rows —
 * that the model follows up with `query_results`. Nothing is silently cut: the data is in the table.
 */
export function toolResultBlock(
  call: CallResult,
  info: TableInfo,
  maxChars: number,
  previewRows: number,
): ToolResultContentBlock {
  const whole = { ...call, table: info.name, units_table: info.units_table };
  if (JSON.stringify(whole).length <= maxChars) return { json: whole as unknown as Json };
  return { json: summarizeCall(call, info, maxChars, previewRows) as unknown as Json };
}
