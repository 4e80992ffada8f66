/**
 * Overhead of the agent loop itself: fake Bedrock (test/fakes/bedrock.ts) and an executor that answers at
 * once. Figures: time to the first streamed token and time per iteration (model turn + tool call), each
 * beside baselines measured in the same run on the same request bodies: raw fetch (no SDK, no loop) and
 * the bare SDK ConverseStream call (no loop). Rounds interleave all variants so machine load hits each alike.
 */
import { ConverseStreamCommand, type ConverseStreamCommandInput } from "@aws-sdk/client-bedrock-runtime";
import { createAgent } from "../src/agent/agent.ts";
import { createBedrockClient } from "../src/agent/client.ts";
import type { Agent } from "../src/agent/types.ts";
import { silentLogger } from "../src/log.ts";
import { type FakeBedrock, type FakeStep, startFakeBedrock } from "../test/fakes/bedrock.ts";
import {
  createScriptedExecutor,
  defaultHandlerClient,
  testCredentials,
  testEnv,
  testSettings,
} from "../test/helpers/agent-executor.ts";
import type { BenchRow } from "./run.ts";

const ROUNDS = 150;
const WARMUP = 20;
const ANSWER = "The production account shop-prod (222222222222) runs 2 instances in us-east-1 and eu-west-1.";
const tool = (id: string): FakeStep => ({
  reply: {
    content: [{ toolUse: { toolUseId: id, name: "list_ec2_instances", input: { accounts: ["prod"] } } }],
  },
});
const final: FakeStep = { reply: { content: [{ text: ANSWER }] } };
const threeTurns = () => [tool("a"), tool("b"), final];

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const fmt = (ms: number) => ms.toFixed(2);
const ratio = (a: number, b: number) => `${(a / b).toFixed(2)}×`;

interface Samples {
  ttft: number[];
  turn: number[];
}
const samples = (): Samples => ({ ttft: [], turn: [] });

/** One-turn answer: time to the first text event; three-turn answer: time per iteration. */
async function agentRound(fake: FakeBedrock, agent: Agent, into: Samples) {
  fake.script(final);
  const started = performance.now();
  let first = 0;
  await agent.answer({
    prompt: "q",
    onEvent: (e) => {
      if (e.type === "text" && !first) first = performance.now();
    },
  });
  into.ttft.push(first - started);
  fake.script(...threeTurns());
  const t = performance.now();
  const answer = await agent.answer({ prompt: "which instances run in production?" });
  into.turn.push((performance.now() - t) / answer.iterations);
}

/** The three request bodies of a three-turn answer, each as a bare SDK call: time per call. */
async function sdkRound(
  fake: FakeBedrock,
  send: (input: ConverseStreamCommandInput) => Promise<void>,
  bodies: ConverseStreamCommandInput[],
  into: Samples,
) {
  fake.script(...threeTurns());
  const t = performance.now();
  for (const body of bodies) await send(body);
  into.turn.push((performance.now() - t) / bodies.length);
}

/** The same bodies as raw HTTP requests: time to the first bytes of the text turn, time per request. */
async function rawRound(fake: FakeBedrock, bodies: string[], into: Samples) {
  fake.script(...threeTurns());
  const t = performance.now();
  for (const [n, body] of bodies.entries()) {
    const started = performance.now();
    const res = await fetch(`${fake.url}/model/m/converse-stream`, {
      method: "POST",
      body,
      headers: { "content-type": "application/json" },
    });
    const reader = res.body!.getReader();
    let first = 0;
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read())
      if (!first) first = performance.now();
    if (n === bodies.length - 1) into.ttft.push(first - started);
  }
  into.turn.push((performance.now() - t) / bodies.length);
}

export async function run(): Promise<BenchRow[]> {
  const fake = startFakeBedrock();
  const options = {
    settings: testSettings(),
    env: testEnv(fake.url),
    executor: createScriptedExecutor(),
    logger: silentLogger,
  };
  const h2 = defaultHandlerClient(fake.url);
  const sdk = createBedrockClient({
    region: "eu-central-1",
    endpoint: fake.url,
    credentials: testCredentials,
  });
  try {
    const agent = createAgent({ ...options, credentials: testCredentials });
    const viaH2 = createAgent({ ...options, client: h2 });
    await agentRound(fake, agent, samples());
    const inputs = fake.requests
      .slice(1, 4)
      .map((r) => ({ ...r.body, modelId: r.modelId }) as ConverseStreamCommandInput);
    const bodies = inputs.map((i) => JSON.stringify({ ...i, modelId: undefined }));
    const send = async (input: ConverseStreamCommandInput) => {
      const out = await sdk.send(new ConverseStreamCommand(input));
      for await (const _ of out.stream!);
    };
    const ours = samples();
    const h2s = samples();
    const bare = samples();
    const raw = samples();
    for (let round = 0; round < WARMUP + ROUNDS; round++) {
      const keep = round >= WARMUP;
      await agentRound(fake, agent, keep ? ours : samples());
      await agentRound(fake, viaH2, keep ? h2s : samples());
      await sdkRound(fake, send, inputs, keep ? bare : samples());
      await rawRound(fake, bodies, keep ? raw : samples());
    }
    const [ttft, turn] = [median(ours.ttft), median(ours.turn)];
    return [
      {
        figure: "time to first streamed token, ms (vs raw fetch: first bytes)",
        ours: fmt(ttft),
        baseline: fmt(median(raw.ttft)),
        ratio: ratio(ttft, median(raw.ttft)),
      },
      {
        figure: "per iteration (model turn + tool call), ms (vs raw fetch of the turn)",
        ours: fmt(turn),
        baseline: fmt(median(raw.turn)),
        ratio: ratio(turn, median(raw.turn)),
      },
      {
        figure: "per iteration, ms (vs bare SDK ConverseStream call: the loop's own cost)",
        ours: fmt(turn),
        baseline: fmt(median(bare.turn)),
        ratio: ratio(turn, median(bare.turn)),
      },
      {
        figure: "per iteration, ms: agent's HTTP/1.1 handler (vs SDK default h2c handler)",
        ours: fmt(turn),
        baseline: fmt(median(h2s.turn)),
        ratio: ratio(turn, median(h2s.turn)),
      },
    ];
  } finally {
    h2.destroy();
    sdk.destroy();
    await fake.close();
  }
}

if (import.meta.main) console.table(await run());
