import { builtinCatalogue } from "../catalogue/builtin.ts";
import type { Catalogue } from "../catalogue/catalogue.ts";
import { suggest } from "../catalogue/names.ts";
import { validateParams } from "../catalogue/validate.ts";
import { isKnownRegion } from "../config/regions.ts";
import { OpsError } from "../errors.ts";
import type { SelectExpr } from "../plugins/format.ts";
import { checkOperation } from "../plugins/guard.ts";
import { renderScript } from "../plugins/script.ts";
import { secureSpec } from "../plugins/secure-spec.ts";
import type { CallSpec } from "../plugins/spec.ts";
import type { PluginTool } from "../plugins/types.ts";
import { validateArgs } from "./args.ts";
import { checkReadPaths } from "./aws-read-paths.ts";
import { AWS_READ, awsReadSchema } from "./aws-read-schema.ts";

/** The six services every installation covers; the setting `services` adds more. */
export const DEFAULT_SERVICES = ["ec2", "ecs", "eks", "lambda", "rds", "s3"];

/** Worked examples shown in the description (a test validates each against the schema and catalogue). */
export const AWS_READ_EXAMPLES: ReadonlyArray<{ question: string; input: Record<string, unknown> }> = [
  {
    question: "instances that still allow IMDSv1",
    input: {
      service: "ec2",
      operation: "DescribeInstances",
      items: "Reservations[].Instances[]",
      select: { id: "InstanceId", name: "tag:Name", http_tokens: "MetadataOptions.HttpTokens" },
      where: { "MetadataOptions.HttpTokens": "optional" },
    },
  },
  {
    question: "RDS instances without deletion protection",
    input: {
      service: "rds",
      operation: "DescribeDBInstances",
      select: { id: "DBInstanceIdentifier", engine: "Engine", deletion_protection: "DeletionProtection" },
      where: { DeletionProtection: false },
    },
  },
];

/**
 * Defaults that descend past a wrapper list: EC2's DescribeInstances pages `Reservations`, each holding
 * `Instances`, so `select: {id: "InstanceId"}` on the paginator's result key gave a table of dashes.
 */
const ITEMS_INSIDE: Record<string, string> = { "ec2:DescribeInstances": "Reservations[].Instances[]" };

export interface AwsReadOptions {
  /** Enabled services: DEFAULT_SERVICES plus the setting `services`. */
  services: readonly string[];
  allowOperations: readonly string[];
  catalogue?: Catalogue;
}

/**
 * `aws_read`: any read operation of the enabled services that the catalogue knows and the guard allows,
 * with params checked against its input shape. It is a tool like the plugin tools (same template,
 * executor and fan-out; the call is one spec embedded as data), only its spec comes from the input.
 */
export function createAwsRead({
  services,
  allowOperations,
  catalogue = builtinCatalogue(),
}: AwsReadOptions): PluginTool {
  const enabled = [...new Set(services)].sort();
  for (const name of enabled) {
    if (!catalogue.service(name)) {
      throw new OpsError(
        "E_CONFIG",
        `services: "${name}" is not a boto3 service name${suggest(name, catalogue.services())}`,
      );
    }
  }
  const inputSchema = awsReadSchema(enabled);
  const examples = AWS_READ_EXAMPLES.map((e) => `${e.question}: ${JSON.stringify(e.input)}`).join("\n");
  return {
    name: AWS_READ,
    service: "*",
    description:
      `Calls any read operation of ${enabled.join(", ")} in every selected account and region, and returns only the fields you select. ` +
      "Prefer a specific tool when one fits; use aws_read for anything else, and always pass select. " +
      "Operations that write, or that return secrets or stored data, are refused; sensitive values come back masked. " +
      `Examples:\n${examples}`,
    inputSchema,
    operations: [],
    iamActions: [],
    source: "builtin:aws_read",
    render(args, regions) {
      validateArgs(AWS_READ, inputSchema, args);
      const bad = regions.filter((r) => typeof r !== "string" || !isKnownRegion(r));
      if (regions.length === 0 || bad.length > 0) {
        throw new OpsError(
          "E_VALIDATION",
          `${AWS_READ}: ${bad.length > 0 ? `${JSON.stringify(bad[0])} is not an AWS region name` : "no region to query"}`,
        );
      }
      return renderScript(secureSpec(buildReadSpec(args, regions), allowOperations, catalogue));
    },
  };

  function buildReadSpec(args: Record<string, unknown>, regions: string[]): CallSpec {
    const service = String(args.service);
    const entry = catalogue.service(service)!;
    const asked = String(args.operation);
    const operation = catalogue.resolve(service, asked);
    if (!operation) {
      throw new OpsError(
        "E_VALIDATION",
        `${AWS_READ}: ${service} has no operation "${asked}"${suggest(asked, Object.keys(entry.ops))}`,
        {
          details: { field: "operation" },
        },
      );
    }
    const verdict = checkOperation(service, operation, allowOperations, catalogue);
    if (!verdict.ok) throw verdict.error;
    const op = entry.ops[operation]!;
    const params = (args.params ?? {}) as Record<string, unknown>;
    const problems = validateParams(entry, op.in, params);
    if (problems.length) {
      throw new OpsError(
        "E_VALIDATION",
        `${AWS_READ}: invalid params for ${service}:${operation}: ${problems.join("; ")}`,
        {
          hint: "parameter names and types are those of the API (see the AWS API reference of the operation)",
          details: { field: "params" },
        },
      );
    }
    const where = Object.entries((args.where ?? {}) as Record<string, unknown>).map(([path, v]) => ({
      path,
      values: Array.isArray(v) ? v : [v],
    }));
    const items =
      typeof args.items === "string" ? args.items : (ITEMS_INSIDE[`${service}:${operation}`] ?? op.items);
    const select = (args.select as Record<string, SelectExpr> | undefined) ?? null;
    checkReadPaths(entry, `${service}:${operation}`, op.out, { items, select, where });
    return {
      v: 2,
      service,
      operation,
      regions: [...regions],
      params: structuredClone(params),
      region_param: null,
      items,
      paginate: op.page ? { input_token: op.page.in, output_token: op.page.out, max_pages: 5 } : null,
      max_items: typeof args.max_items === "number" ? args.max_items : 200,
      where,
      follow: [],
      select,
    };
  }
}
