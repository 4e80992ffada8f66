import { AwsServiceError } from "./aws-error.ts";
import type { SimRequest } from "./services/types.ts";

/** How one API spells its pagination parameters. */
export interface PageStyle {
  /** Request parameter carrying the token (`NextToken`, `Marker`, `nextToken`). */
  tokenIn: string;
  /** Response field of the next token (`NextToken`, `NextMarker`, `Marker`). */
  tokenOut: string;
  /** Request parameter of the page size (`MaxResults`, `MaxRecords`, `MaxItems`). */
  sizeParam: string;
  /** Page size when the caller sends none. */
  defaultSize: number;
}

export const EC2_PAGES: PageStyle = {
  tokenIn: "NextToken",
  tokenOut: "NextToken",
  sizeParam: "MaxResults",
  defaultSize: 1000,
};
export const RDS_PAGES: PageStyle = {
  tokenIn: "Marker",
  tokenOut: "Marker",
  sizeParam: "MaxRecords",
  defaultSize: 100,
};
export const LAMBDA_PAGES: PageStyle = {
  tokenIn: "Marker",
  tokenOut: "NextMarker",
  sizeParam: "MaxItems",
  defaultSize: 50,
};
export const LOWER_PAGES: PageStyle = {
  tokenIn: "nextToken",
  tokenOut: "nextToken",
  sizeParam: "maxResults",
  defaultSize: 100,
};
export const S3_PAGES: PageStyle = {
  tokenIn: "ContinuationToken",
  tokenOut: "ContinuationToken",
  sizeParam: "MaxBuckets",
  defaultSize: 10000,
};

/** One page of `list` under `key`, with the next token when more remain. Tokens are opaque offsets. */
export function paginate<T>(
  r: SimRequest,
  list: T[],
  style: PageStyle,
  key: string,
): Record<string, unknown> {
  const { params, operation } = r;
  const size = Number(params[style.sizeParam] ?? style.defaultSize);
  if (!Number.isInteger(size) || size < 1) {
    throw new AwsServiceError(
      "InvalidParameterValue",
      `${style.sizeParam} must be a positive integer`,
      operation,
    );
  }
  const token = params[style.tokenIn];
  const start = token === undefined || token === null || token === "" ? 0 : decode(String(token), operation);
  const page = list.slice(start, start + size);
  const out: Record<string, unknown> = { [key]: page };
  if (start + size < list.length) out[style.tokenOut] = encode(start + size);
  return out;
}

function encode(offset: number): string {
  return Buffer.from(`sandbox:${offset}`).toString("base64");
}

function decode(token: string, operation: string): number {
  const match = /^sandbox:(\d+)$/.exec(Buffer.from(token, "base64").toString());
  if (!match) throw new AwsServiceError("InvalidNextToken", "The specified token is not valid", operation);
  return Number(match[1]);
}
