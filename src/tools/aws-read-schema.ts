import pluginSchema from "../../schema/plugin.schema.json" with { type: "json" };

export const AWS_READ = "aws_read";

type Json = Record<string, unknown>;

/** The plugin format's definitions with `$ref`s inlined: models and MCP clients get one flat schema. */
function inline(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(inline);
  if (typeof value !== "object" || value === null) return value;
  const ref = (value as Json).$ref;
  if (typeof ref === "string") {
    const name = ref.replace("#/definitions/", "") as keyof typeof pluginSchema.definitions;
    return inline({ ...pluginSchema.definitions[name], ...withoutRef(value as Json) });
  }
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, inline(v)]));
}

function withoutRef(value: Json): Json {
  const { $ref: _, ...rest } = value;
  return rest;
}

const path = { ...(inline({ $ref: "#/definitions/path" }) as Json), maxLength: 256 };
const scalar = { type: ["string", "number", "boolean"], maxLength: 256 };

/** The input schema of `aws_read`; `services` are the enabled boto3 service names. */
export function awsReadSchema(services: readonly string[]): Json {
  return {
    type: "object",
    additionalProperties: false,
    required: ["service", "operation"],
    properties: {
      service: { type: "string", enum: [...services], description: "boto3 service name, e.g. ec2." },
      operation: {
        type: "string",
        pattern: "^[A-Za-z][A-Za-z0-9_-]*$",
        maxLength: 128,
        description:
          "A read operation of the service, PascalCase as in the API (DescribeInstances); describe-instances and describe_instances are accepted.",
      },
      params: {
        type: "object",
        maxProperties: 32,
        description:
          'API request parameters, checked against the operation\'s input shape (names and types as in the API), e.g. {"Filters": [{"Name": "instance-state-name", "Values": ["running"]}]}.',
      },
      items: {
        ...path,
        description:
          "Path to the list to return from each response page (e.g. Reservations[].Instances[]). Default: the operation's result list (for ec2 DescribeInstances the instances, Reservations[].Instances[]).",
      },
      select: {
        type: "object",
        maxProperties: 40,
        additionalProperties: inline({ $ref: "#/definitions/select" }),
        description:
          "Output field name → path in each item (A.B, A[].B, tag:Name) or {path, default|contains|in|count|exists|matching}. Always pass it: only these fields come back.",
      },
      where: {
        type: "object",
        maxProperties: 10,
        additionalProperties: {
          anyOf: [scalar, { type: "array", maxItems: 50, items: scalar }],
        },
        description:
          "Keep items whose value at path (or any element of it) equals the value (or one of the values): {path: value}.",
      },
      max_items: {
        type: "integer",
        minimum: 1,
        maximum: 1000,
        description: "Most items per account and region (default 200).",
      },
    },
  };
}
