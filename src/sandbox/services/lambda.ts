import { createHash } from "node:crypto";
import { AwsServiceError } from "../aws-error.ts";
import { FUNCTIONS, type FunctionRow } from "../data/lambda.ts";
import { LAMBDA_PAGES, paginate } from "../paging.ts";
import { regionData, type ServiceSim, type SimRequest } from "./types.ts";

/** Lambda reads: functions (configuration, concurrency, tags), event source mappings, account settings. */
type Obj = Record<string, unknown>;
const functions = (r: SimRequest) => regionData(FUNCTIONS, r, []);
const fnArn = (r: SimRequest, name: string) => `arn:aws:lambda:${r.region}:${r.account.id}:function:${name}`;
const digest = (text: string) => createHash("sha256").update(text).digest();
const uuid = (text: string) => {
  const h = digest(text).toString("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
};

function configuration(row: FunctionRow, r: SimRequest, detailed: boolean): Obj {
  const image = row.runtime === undefined;
  return {
    FunctionName: row.name,
    FunctionArn: fnArn(r, row.name),
    ...(image ? {} : { Runtime: row.runtime, Handler: handler(row.runtime ?? "") }),
    Role: `arn:aws:iam::${r.account.id}:role/${row.name}-role`,
    CodeSize: image ? 0 : 4096 + (digest(row.name).readUInt16BE(0) << 4),
    Description: row.description,
    Timeout: row.timeout,
    MemorySize: row.memory,
    LastModified: row.modified,
    CodeSha256: digest(`${row.name}:${row.modified}`).toString("base64"),
    Version: "$LATEST",
    TracingConfig: { Mode: "PassThrough" },
    RevisionId: uuid(`${row.name}:rev`),
    PackageType: image ? "Image" : "Zip",
    Architectures: [row.arch ?? "x86_64"],
    EphemeralStorage: { Size: 512 },
    LoggingConfig: { LogFormat: "Text", LogGroup: `/aws/lambda/${row.name}` },
    ...(detailed ? { State: "Active", LastUpdateStatus: "Successful" } : {}),
  };
}

function handler(runtime: string): string {
  if (runtime.startsWith("python")) return "app.handler";
  if (runtime.startsWith("nodejs")) return "index.handler";
  if (runtime.startsWith("java")) return "com.acme.Handler::handleRequest";
  return "bootstrap";
}

function fn(r: SimRequest): FunctionRow {
  const id = String(r.params.FunctionName ?? "");
  const name = id.startsWith("arn:") ? (id.split(":")[6] ?? "") : id;
  const row = functions(r).find((f) => f.name === name);
  if (!row) {
    throw new AwsServiceError(
      "ResourceNotFoundException",
      `Function not found: ${fnArn(r, name)}`,
      r.operation,
      404,
    );
  }
  return row;
}

function sourceArn(source: string, r: SimRequest): string {
  const [kind, name] = source.split(":") as [string, string];
  if (kind === "dynamodb")
    return `arn:aws:dynamodb:${r.region}:${r.account.id}:table/${name}/stream/2025-01-01T00:00:00.000`;
  if (kind === "kinesis") return `arn:aws:kinesis:${r.region}:${r.account.id}:stream/${name}`;
  return `arn:aws:sqs:${r.region}:${r.account.id}:${name}`;
}

function mappings(r: SimRequest): Obj[] {
  return functions(r).flatMap((f) =>
    (f.sources ?? []).map((source) => ({
      UUID: uuid(`${f.name}:${source}`),
      BatchSize: source.startsWith("sqs") ? 10 : 100,
      MaximumBatchingWindowInSeconds: 0,
      EventSourceArn: sourceArn(source, r),
      FunctionArn: fnArn(r, f.name),
      LastModified: f.modified.replace(".000+0000", "Z"),
      ...(source.startsWith("sqs") ? {} : { StartingPosition: "LATEST", LastProcessingResult: "OK" }),
      State: f.modified < "2022" ? "Disabled" : "Enabled",
      StateTransitionReason: "USER_INITIATED",
    })),
  );
}

/** A function URL config as Lambda returns it (`GetFunctionUrlConfig`, items of `ListFunctionUrlConfigs`). */
function urlConfig(row: FunctionRow, r: SimRequest): Obj {
  const id = digest(`${r.account.id}/${row.name}`).toString("hex").slice(0, 32);
  return {
    FunctionUrl: `https://${id}.lambda-url.${r.region}.on.aws/`,
    FunctionArn: fnArn(r, row.name),
    AuthType: row.url,
    ...(row.url === "NONE" ? { Cors: { AllowOrigins: ["*"], AllowMethods: ["POST"] } } : {}),
    CreationTime: row.modified.replace("+0000", "Z"),
    LastModifiedTime: row.modified.replace("+0000", "Z"),
    InvokeMode: "BUFFERED",
  };
}

const noUrl = (r: SimRequest, row: FunctionRow) =>
  new AwsServiceError(
    "ResourceNotFoundException",
    `The resource you requested does not exist. (Service: Lambda, function ${fnArn(r, row.name)} has no function URL)`,
    r.operation,
    404,
  );

export const lambda: ServiceSim = {
  ListFunctions(r) {
    const list = functions(r).map((f) => configuration(f, r, false));
    return paginate(r, list, LAMBDA_PAGES, "Functions");
  },
  GetFunctionConfiguration: (r) => configuration(fn(r), r, true),
  GetFunction(r) {
    const row = fn(r);
    return {
      Configuration: configuration(row, r, true),
      Code: { RepositoryType: row.runtime ? "S3" : "ECR" },
      Tags: { Environment: r.account.environment },
      ...(row.reserved === undefined ? {} : { Concurrency: { ReservedConcurrentExecutions: row.reserved } }),
    };
  },
  GetFunctionConcurrency(r) {
    const row = fn(r);
    return row.reserved === undefined ? {} : { ReservedConcurrentExecutions: row.reserved };
  },
  ListEventSourceMappings(r) {
    const name = r.params.FunctionName === undefined ? undefined : fnArn(r, fn(r).name);
    const list = mappings(r).filter(
      (m) =>
        (name === undefined || m.FunctionArn === name) &&
        (r.params.EventSourceArn === undefined || m.EventSourceArn === r.params.EventSourceArn),
    );
    return paginate(r, list, { ...LAMBDA_PAGES, defaultSize: 100 }, "EventSourceMappings");
  },
  ListFunctionUrlConfigs(r) {
    const row = fn(r);
    const list = row.url === undefined ? [] : [urlConfig(row, r)];
    return paginate(r, list, LAMBDA_PAGES, "FunctionUrlConfigs");
  },
  GetFunctionUrlConfig(r) {
    const row = fn(r);
    if (r.params.Qualifier !== undefined && r.params.Qualifier !== "$LATEST") throw noUrl(r, row);
    if (row.url === undefined) throw noUrl(r, row);
    return urlConfig(row, r);
  },
  ListProvisionedConcurrencyConfigs(r) {
    const row = fn(r);
    const configured = row.reserved !== undefined && row.reserved >= 100;
    const config = {
      FunctionArn: `${fnArn(r, row.name)}:live`,
      RequestedProvisionedConcurrentExecutions: 10,
      AvailableProvisionedConcurrentExecutions: 10,
      AllocatedProvisionedConcurrentExecutions: 10,
      Status: "READY",
      LastModified: row.modified,
    };
    return { ProvisionedConcurrencyConfigs: configured ? [config] : [] };
  },
  ListTags(r) {
    const name = String(r.params.Resource ?? "").split(":")[6] ?? "";
    fn({ ...r, params: { FunctionName: name } });
    return { Tags: { Environment: r.account.environment } };
  },
  GetAccountSettings(r) {
    const list = functions(r);
    const reserved = list.reduce((sum, f) => sum + (f.reserved ?? 0), 0);
    return {
      AccountLimit: {
        TotalCodeSize: 80530636800,
        CodeSizeUnzipped: 262144000,
        CodeSizeZipped: 52428800,
        ConcurrentExecutions: 1000,
        UnreservedConcurrentExecutions: 1000 - reserved,
      },
      AccountUsage: { TotalCodeSize: list.length * 5_242_880, FunctionCount: list.length },
    };
  },
};
