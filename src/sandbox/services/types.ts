import type { Account } from "../../config/types.ts";

/** One simulated API call, after the endpoint has identified the account by its signing key. */
export interface SimRequest {
  account: Account;
  region: string;
  operation: string;
  params: Record<string, unknown>;
  /** The regions the calling account has enabled (the sandbox organization's). */
  enabled: readonly string[];
}

/** Answers one operation with the response dict boto3 would return, or throws AwsServiceError. */
export type OperationHandler = (request: SimRequest) => Record<string, unknown>;

/** The simulated operations of one service, by PascalCase operation name. */
export type ServiceSim = Record<string, OperationHandler>;

/** `[{Key, Value}]` as EC2, RDS and S3 return tags. */
export function tagList(tags: Record<string, string>): Array<{ Key: string; Value: string }> {
  return Object.entries(tags).map(([Key, Value]) => ({ Key, Value }));
}

/** The list of strings in a parameter, or undefined when the parameter is absent. */
export function stringList(value: unknown): string[] | undefined {
  if (value === undefined || value === null) return undefined;
  return (Array.isArray(value) ? value : [value]).map(String);
}

/** The region's data of an account, or `empty` when the account has nothing there. */
export function regionData<T>(
  table: Record<string, Record<string, T>>,
  request: SimRequest,
  empty: NoInfer<T>,
): T {
  return table[request.account.name]?.[request.region] ?? empty;
}
