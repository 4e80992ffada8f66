/** Typed, validated configuration. Keys mirror the YAML files (snake_case) so there is no mapping layer. */

export type AuthMode = "auto" | "iam" | "sso";

export interface SsoSettings {
  /** Name of the `[sso-session NAME]` section in ~/.aws/config; names the token cache file. */
  session?: string;
  /** IAM Identity Center start URL (legacy profiles without an sso-session). */
  start_url?: string;
  /** Region of the Identity Center portal. Defaults to the sso-session's `sso_region`, else `region`. */
  region?: string;
  /** Permission-set role name used for every account. */
  role_name: string;
  /** Profile whose SSO settings to use (`sso_session` or legacy `sso_start_url`). */
  profile?: string;
  /** Add accounts returned by `sso:ListAccounts` that the registry does not list. */
  discover_accounts: boolean;
  /** Token cache directory (the AWS CLI writes it). Default `~/.aws/sso/cache`. */
  cache_dir?: string;
  /** AWS config file. Default `~/.aws/config` (or `AWS_CONFIG_FILE`). */
  config_file?: string;
}

export interface AuthSettings {
  /** `iam` assumes a role in every account; `sso` uses IAM Identity Center; `auto` picks SSO when a valid token is cached. */
  mode: AuthMode;
  /** Role assumed in each member account (IAM mode); an account's own `role_name` wins. */
  role_name: string;
  /** Prefix of the STS role session name; the account id is appended. */
  session_name: string;
  /** Lifetime of assumed-role credentials in seconds (900–43200). */
  duration_seconds: number;
  /** ExternalId sent with AssumeRole; an account's own `external_id` wins. */
  external_id?: string;
  /** Refresh credentials this many seconds before they expire. */
  refresh_before_seconds: number;
  /** Partition used in role ARNs (`aws`, `aws-us-gov`, `aws-cn`). */
  partition: string;
  /** IAM Identity Center settings (SSO mode). */
  sso: SsoSettings;
}

export interface McpSettings {
  /** AWS MCP Server endpoint (Streamable HTTP). `OPS_AGENT_MCP_ENDPOINT` overrides. */
  endpoint: string;
  /** SigV4 service name. Derived from the endpoint host when unset (`aws-mcp`). */
  service?: string;
  /** SigV4 signing region. Derived from the endpoint host when unset. */
  signing_region?: string;
  /** Timeout of one MCP request (one HTTP attempt) in milliseconds; scripts take seconds to tens of seconds. */
  timeout_ms: number;
  /** Retries on 429, 5xx and connection resets (never on other 4xx). */
  max_retries: number;
  /** Upper bound in milliseconds on all retries of one call, backoff included. */
  retry_budget_ms: number;
  /**
   * Starting requests per second per signing account (token bucket). The AWS MCP Server's quota is 3 per
   * second per account per Region, not adjustable (Agent Toolkit user guide, "Quotas for AWS MCP Server").
   */
  rate_per_account: number;
  /** Requests an idle account may send back to back before the rate applies. */
  burst_per_account: number;
  /**
   * Ceiling of the adaptive rate: after a run without 429s the rate climbs towards it, a 429 halves it
   * (AIMD). One snapshot of the quota page says 10 per second.
   */
  max_rate_per_account: number;
  /** Requests in flight per signing account; the server allows 27 concurrent connections per account per Region. */
  max_connections_per_account: number;
  /** The MCP tool that runs our generated scripts. */
  script_tool: string;
  /** The MCP tool polled (argument `task_id`) when a script answers with a task id and a working status. */
  task_tool: string;
  /** Milliseconds between two polls of a running task. */
  task_poll_ms: number;
  /** Largest MCP answer read, in bytes after decompression; a larger one is a unit error (`E_MCP_RESPONSE`). */
  max_response_bytes: number;
  /** Deepest JSON nesting accepted in an MCP answer; deeper is a unit error (`E_MCP_RESPONSE`). */
  max_json_depth: number;
}

export interface IgnoreErrorRule {
  /** Error code to ignore, e.g. `E_AWS_ACCESS_DENIED`. */
  code?: string;
  /** AWS error code to ignore, exactly as AWS names it (e.g. `OptInRequired`); never matched against message text. */
  aws_code?: string;
}

export interface ExecutorSettings {
  /**
   * Scripts in flight over all accounts (our own bound: waiting is remote). The default lets 100
   * accounts run in one round; the per-account limits are `mcp.*_per_account`.
   */
  concurrency: number;
  /** Timeout of one script (all of its regions), waits for quota included, in milliseconds. */
  unit_timeout_ms: number;
  /**
   * `account`: one script per account covers all of its regions (each request costs quota);
   * `unit`: one script per account×region.
   */
  batch: "account" | "unit";
  /** Seconds a tool result is reused for identical calls; 0 turns the cache off. */
  cache_ttl_seconds: number;
  /** Errors reported as empty results instead of failures (SCP denials, opted-out regions). */
  ignore_errors: IgnoreErrorRule[];
  /** Most account×region units one call may plan; more is `E_VALIDATION` before any request. */
  max_units: number;
  /** Bytes of results the result cache keeps (oldest dropped first). */
  cache_max_bytes: number;
}

export interface ReadonlySettings {
  /** Operations allowed beyond the read-only rules, as `service:Operation` (e.g. `s3:GetObject`). Shown by `doctor`. */
  allow_operations: string[];
}

export interface MemorySettings {
  /** Conversation turns kept per session. */
  max_turns: number;
  /** Approximate token budget of one session's history. */
  max_tokens: number;
  /** Sessions kept in memory (least recently used are dropped). */
  max_sessions: number;
  /** Seconds after which an idle session is forgotten. */
  idle_ttl_seconds: number;
}

export interface ModelSettings {
  /** Bedrock model or inference profile id. `OPS_AGENT_MODEL_ID` overrides. */
  id: string;
  /** Bedrock region. Defaults to `region`. */
  region?: string;
  /** Model turns per answer before stopping. */
  max_iterations: number;
  /** Maximum tokens the model may write per turn. */
  max_tokens: number;
  /** Sampling temperature. */
  temperature: number;
  /** Use ConverseStream (true) or Converse (false). */
  stream: boolean;
  /** Characters of one tool result sent whole to the model; larger results arrive as a summary of their table. */
  tool_result_max_chars: number;
  /** Add Bedrock prompt-cache points after the system prompt and tools. */
  prompt_caching: boolean;
  /** Conversation memory of `serve` and `ask --session`. */
  memory: MemorySettings;
}

export interface ResultsSettings {
  /** Rows one `query_results` call (or `call --sql`) returns at most; the answer says when more exist. */
  max_rows: number;
  /** Milliseconds a query may run before it is stopped (E_TIMEOUT). */
  query_timeout_ms: number;
  /** Bytes one session's result tables may hold; older tables are dropped first. */
  max_session_bytes: number;
  /** Bytes all sessions' result tables may hold in `serve` (least recently used dropped first), and one `call --sql`/`--db`. */
  max_total_bytes: number;
  /** Rows of a large result shown to the model in its summary. */
  preview_rows: number;
}

export interface OrganizationsSettings {
  /** Discover accounts from AWS Organizations with the central account's base credentials (management account or delegated administrator). */
  enabled: boolean;
  /** Tag key whose value becomes the account's environment. */
  environment_tag: string;
  /** Tag key whose value becomes the account's name; empty: the account's name in Organizations. */
  name_tag: string;
  /** Tag keys whose values become aliases. */
  alias_tags: string[];
  /** Tag key holding a comma-separated region list (or `all`); empty: no per-account regions from tags. */
  regions_tag: string;
  /** OU ids or paths (`Workloads/Prod`) whose accounts (and sub-OUs) are included; empty: the whole organization. */
  include_ous: string[];
  /** Account ids never included. */
  exclude_accounts: string[];
  /** Seconds a discovery is reused (in memory for serve, on disk under the state directory for the CLI). */
  cache_ttl_seconds: number;
  /** Organizations API calls per second during discovery (paced; the SDK backs off on TooManyRequestsException). */
  rate_per_second: number;
}

export interface SandboxSettings {
  /**
   * `--sandbox` only: how the sandbox's AWS MCP endpoint behaves (`--sandbox-profile`). `fast` (default):
   * no quota, scripts answer at once with the bare value. `realistic`: the real server's published quotas
   * (3 requests/s, 27 connections and 180 sessions per account per Region, HTTP 429 beyond), 1.5 s per script, results
   * wrapped as `{status, return_value, api_calls}`.
   */
  profile: "fast" | "realistic";
  /**
   * `--sandbox` only: 0 (default) simulates the small built-in organization (five accounts, a static
   * registry); a number simulates an organization of that many accounts in OUs, discovered through the
   * sandbox's Organizations endpoint (`--sandbox-accounts`).
   */
  accounts: number;
}

export interface ServerSettings {
  /** Address `serve` binds (default loopback). Any other address needs `auth_token_file`/`OPS_AGENT_AUTH_TOKEN` or `trust: agentcore`. */
  host: string;
  /** File holding the bearer token(s) callers must send (one per line), relative to this file. `OPS_AGENT_AUTH_TOKEN` adds one. */
  auth_token_file?: string;
  /** `agentcore`: the network in front (AgentCore, SigV4 or JWT) authenticates callers, so a non-loopback bind needs no token. */
  trust: "none" | "agentcore";
  /** Browser origins (`https://host[:port]`) allowed to call; a request with any other `Origin` gets 403. */
  allowed_origins: string[];
  /** Host names accepted in the `Host` header besides the bound address (DNS-rebinding protection). */
  allowed_hosts: string[];
  /** Seconds an idle connection may stay open (both ports). */
  idle_timeout_seconds: number;
  /** Milliseconds a request body may take to arrive; slower bodies get 408 before taking a slot. */
  body_timeout_ms: number;
  /** AgentCore HTTP contract port. */
  port: number;
  /** Port of the MCP endpoint (`serve --mcp`). */
  mcp_port: number;
  /** Largest accepted request body in bytes. */
  max_body_bytes: number;
  /** Invocations (and, separately, MCP requests) run at once; more get 503 with Retry-After. */
  max_concurrent: number;
  /** Milliseconds in-flight invocations get to finish after SIGTERM. */
  shutdown_grace_ms: number;
}

export interface Settings {
  /** Default AWS region for API calls and clients. `AWS_REGION` / `AWS_DEFAULT_REGION` override. */
  region: string;
  /** How credentials for member accounts are obtained. */
  auth: AuthSettings;
  /** The AWS MCP Server connection. */
  mcp: McpSettings;
  /** Concurrent fan-out over accounts and regions. */
  executor: ExecutorSettings;
  /** Widening of the read-only guard (off by default). */
  readonly: ReadonlySettings;
  /** The Bedrock model behind `ask` and `serve`. */
  model: ModelSettings;
  /** `serve`: the AgentCore HTTP contract and MCP endpoint. */
  server: ServerSettings;
  /** Account discovery from AWS Organizations (merged with the registry by account id). */
  organizations: OrganizationsSettings;
  /** Result tables (SQLite) of tool calls and the `query_results` tool. */
  results: ResultsSettings;
  /** The built-in sandbox (`--sandbox`): which organization it simulates and how its endpoints behave. */
  sandbox: SandboxSettings;
  /** Regions queried for accounts that name none; `all` (loaded as `["all"]`) = each account's enabled regions. Default: `region`. */
  regions?: string[];
  /** Path of the account registry (YAML or JSON), relative to this file. */
  accounts?: string;
  /** Extra plugin directories, relative to this file; their tools add to or override built-ins. */
  plugins: string[];
  /**
   * boto3 service names `aws_read` and `iam-policy` cover beyond the six built in (ec2, ecs, eks, lambda,
   * rds, s3), e.g. `[dynamodb, sqs]`. Every botocore service is in the operation catalogue.
   */
  services: string[];
}

export interface Account {
  /** 12-digit account id, as a string. */
  id: string;
  /** Short unique name (used in `--accounts`). */
  name: string;
  /** Environment label, e.g. production, staging (used as `env:<environment>`). */
  environment: string;
  /** `central` accounts are not queried unless named explicitly. */
  role: "central" | "workload";
  /** Role to assume in this account (overrides `auth.role_name`). */
  role_name?: string;
  /** Regions to query by default (else `settings.regions`, else the default region); `["all"]` = its enabled regions. */
  regions: string[];
  /** ExternalId for this account's AssumeRole. */
  external_id?: string;
  /** Other names that select this account. */
  aliases: string[];
  /** OU path in the organization (`Workloads/Prod`), for discovered accounts. */
  ou?: string;
  /** Where the account came from: the registry, Organizations discovery, or both (merged by id). */
  source?: "registry" | "organizations" | "both";
}

/** Everything read from the environment, once, by the CLI. */
export interface AwsEnvironment {
  /** AWS_PROFILE, for the default credential chain. */
  profile?: string;
  /** Endpoint overrides (AWS_ENDPOINT_URL, AWS_ENDPOINT_URL_<SERVICE>). */
  endpoints: {
    sts?: string;
    sso?: string;
    ssoOidc?: string;
    bedrockRuntime?: string;
    organizations?: string;
  };
  /** Home directory, for ~/.aws. */
  home: string;
  /** AWS_CONFIG_FILE. */
  configFile?: string;
}

export interface Config {
  settings: Settings;
  accounts: Account[];
  env: AwsEnvironment;
  /** Files the configuration came from (for messages and `doctor`). */
  sources: { settings?: string; accounts?: string };
  /** Dotted key → where its non-default value came from (file:line, env VAR, --flag, sandbox); set by `loadConfig`. */
  provenance?: Record<string, string>;
}
