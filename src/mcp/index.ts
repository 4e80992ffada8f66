export { type McpEndpoint, resolveEndpoint } from "./endpoint.ts";
export { McpHttpError, McpWireError } from "./errors.ts";
export { createMcpPool, type McpPoolOptions } from "./pool.ts";
export { unpackToolResult } from "./result.ts";
export { createSignedFetch, type FetchLike, type SignedFetchOptions } from "./signed-fetch.ts";
export { createTokenBucket, type TokenBucket } from "./token-bucket.ts";
export type { McpCallOptions, McpPool, McpToolInfo, ToolCallOutput } from "./types.ts";
