import { builtinCatalogue } from "../catalogue/builtin.ts";
import type { Catalogue } from "../catalogue/catalogue.ts";
import { actionName } from "../catalogue/iam-actions.ts";

/** The IAM action one boto3 operation needs, e.g. `s3:GetBucketEncryption` → `s3:GetEncryptionConfiguration`. */
export function iamAction(
  service: string,
  operation: string,
  catalogue: Catalogue = builtinCatalogue(),
): string {
  return actionName(service, operation, catalogue.service(service)?.iam ?? service);
}
