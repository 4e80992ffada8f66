import type { CredentialStore } from "../credentials/types.ts";
import type { Logger } from "../log.ts";
import { tracing } from "../telemetry/index.ts";
import type { AccountLimiter } from "./account-limiter.ts";
import { boundedResponses, type ResponseLimits } from "./bounded-response.ts";
import { injectMetaLayer } from "./meta.ts";
import { createRetryLayer } from "./retry-layer.ts";
import { createSignLayer } from "./signed-fetch.ts";

export type FetchLike = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

/** One layer of a fetch stack: given the fetch below it, the fetch it offers above. */
export type FetchLayer = (next: FetchLike) => FetchLike;

/** Stacks `layers` over `transport`; the first listed is the outermost (like the MCP SDK's applyMiddlewares). */
export function composeFetch(transport: FetchLike, layers: FetchLayer[]): FetchLike {
  return layers.reduceRight<FetchLike>((next, layer) => layer(next), transport);
}

/**
 * The standalone GET stream is never opened: the SDK tries it after `notifications/initialized` and the
 * real server answers 405, which the SDK treats as "not offered". Answering 405 here keeps the request
 * (and a long-lived socket) off the wire.
 */
export const refuseStandaloneStream: FetchLayer = (next) => (input, init) =>
  init?.method === "GET" ? Promise.resolve(new Response(null, { status: 405 })) : next(input, init);

export interface AccountFetchOptions {
  accountId: string;
  credentials: CredentialStore;
  roleName?: string;
  /** SigV4 service and region: the endpoint's. */
  service: string;
  signingRegion: string;
  /** `_meta.AWS_REGION` of messages that carry none (initialize, tools/list). */
  operationRegion: string;
  limiter: AccountLimiter;
  timeoutMs: number;
  maxRetries: number;
  retryBudgetMs: number;
  /** `mcp.max_response_bytes` / `mcp.max_json_depth`: answers are read under them. */
  responseLimits: ResponseLimits;
  logger: Logger;
  transport?: FetchLike;
  now?: () => Date;
}

/**
 * The fetch under one account's MCP session, outermost first. Adding a layer is one line here; each
 * layer is a module of its own, testable alone.
 */
export function createAccountFetch(o: AccountFetchOptions): FetchLike {
  return composeFetch(o.transport ?? fetch, [
    refuseStandaloneStream, // GET → 405 locally, as the real server answers it
    tracing().mcpRequests, // one span per MCP request, all attempts
    createRetryLayer(o), // connection cap + adaptive pacing, per-attempt timeout, whole bodies, retries
    boundedResponses(o.responseLimits), // bytes (after streamed decompression) and JSON depth capped while read
    tracing().mcpAttempts, // counts attempts and 429s into that span
    injectMetaLayer(o.operationRegion), // params._meta.AWS_REGION (keys already there win)
    createSignLayer(o), // SigV4 over the final bytes, credentials read on every request
  ]);
}
