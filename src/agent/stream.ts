import type {
  ContentBlock,
  ConverseStreamOutput,
  Message,
  TokenUsage,
} from "@aws-sdk/client-bedrock-runtime";

/** What one model turn produced so far; on a broken stream the caller keeps `text` as the partial answer. */
export interface TurnAccumulator {
  text: string;
  message: Message;
  stopReason: string;
  usage?: TokenUsage;
}

/** The text blocks of a message, joined (tool uses carry none). */
export function messageText(message: Message): string {
  return (message.content ?? []).map((b) => b.text ?? "").join("");
}

export function newAccumulator(): TurnAccumulator {
  return { text: "", message: { role: "assistant", content: [] }, stopReason: "" };
}

interface Draft {
  text?: string;
  toolUse?: { toolUseId: string; name: string; input: string };
}

function finish(draft: Draft): ContentBlock | undefined {
  if (draft.toolUse) {
    const { toolUseId, name, input } = draft.toolUse;
    return { toolUse: { toolUseId, name, input: input.trim() === "" ? {} : JSON.parse(input) } };
  }
  return draft.text ? { text: draft.text } : undefined;
}

/**
 * Folds ConverseStream events into one assistant message: text deltas are forwarded as they arrive,
 * tool-use input (streamed as JSON fragments) is parsed when its block stops.
 */
export async function readStream(
  stream: AsyncIterable<ConverseStreamOutput>,
  acc: TurnAccumulator,
  onText: (delta: string) => void,
): Promise<void> {
  const drafts = new Map<number, Draft>();
  const close = (index: number) => {
    const draft = drafts.get(index);
    drafts.delete(index);
    const block = draft && finish(draft);
    if (block) acc.message.content!.push(block);
  };
  for await (const event of stream) {
    if (event.contentBlockStart) {
      const { contentBlockIndex = 0, start } = event.contentBlockStart;
      const use = start?.toolUse;
      if (use)
        drafts.set(contentBlockIndex, {
          toolUse: { toolUseId: use.toolUseId ?? "", name: use.name ?? "", input: "" },
        });
    } else if (event.contentBlockDelta) {
      const { contentBlockIndex = 0, delta } = event.contentBlockDelta;
      const draft = drafts.get(contentBlockIndex) ?? {};
      drafts.set(contentBlockIndex, draft);
      if (delta?.text !== undefined) {
        draft.text = (draft.text ?? "") + delta.text;
        acc.text += delta.text;
        onText(delta.text);
      } else if (delta?.toolUse?.input !== undefined && draft.toolUse) {
        draft.toolUse.input += delta.toolUse.input;
      }
    } else if (event.contentBlockStop) {
      close(event.contentBlockStop.contentBlockIndex ?? 0);
    } else if (event.messageStop) {
      acc.stopReason = event.messageStop.stopReason ?? "end_turn";
    } else if (event.metadata) {
      acc.usage = event.metadata.usage;
    }
  }
  for (const index of [...drafts.keys()].sort((a, b) => a - b)) close(index);
}
