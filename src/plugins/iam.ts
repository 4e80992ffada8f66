import { builtinCatalogue } from "../catalogue/builtin.ts";
import type { Catalogue } from "../catalogue/catalogue.ts";
import { actionName } from "./iam-actions.ts";
import type { PluginTool } from "./types.ts";

/** The IAM action one boto3 operation needs, e.g. `s3:GetBucketEncryption` → `s3:GetEncryptionConfiguration`. */
export function iamAction(
  service: string,
  operation: string,
  catalogue: Catalogue = builtinCatalogue(),
): string {
  return actionName(service, operation, catalogue.service(service)?.iam ?? service);
}

export interface IamPolicyDocument {
  Version: "2012-10-17";
  Statement: Array<{ Sid: string; Effect: "Allow"; Action: string[]; Resource: "*" }>;
}

/** Least-privilege policy for the member-account role: the sorted, deduplicated actions of `tools`. */
export function iamPolicy(tools: readonly PluginTool[]): IamPolicyDocument {
  const actions = [...new Set(tools.flatMap((t) => t.iamActions))].sort();
  return {
    Version: "2012-10-17",
    Statement: [{ Sid: "OpsAgentReadOnlyTools", Effect: "Allow", Action: actions, Resource: "*" }],
  };
}
