import type { Settings } from "./types.ts";

/**
 * JSON Schemas of the settings file and the account registry. They validate at start-up, feed the
 * README's configuration reference (`scripts/gen-config-docs.ts`) and are published for editors.
 * Every property carries a `description`; a test enforces it.
 */
type Schema = Record<string, unknown>;

const str = (description: string, extra: Schema = {}): Schema => ({ type: "string", description, ...extra });
const int = (description: string, minimum: number, maximum?: number): Schema => ({
  type: "integer",
  description,
  minimum,
  ...(maximum === undefined ? {} : { maximum }),
});
const bool = (description: string): Schema => ({ type: "boolean", description });
const obj = (description: string, properties: Record<string, Schema>): Schema => ({
  type: "object",
  description,
  additionalProperties: false,
  properties,
});
/** A region the AWS SDK's partition metadata knows (src/config/regions.ts); any case. */
const region = (description: string): Schema => str(description, { format: "aws-region" });
/** A list of regions, or `all`: each account's enabled regions, discovered through its own credentials. */
const regionList = (description: string): Schema => ({
  // `pattern` applies to the string form only, `items` to the list form only.
  type: ["array", "string"],
  description,
  pattern: "^all$",
  "x-message": 'must be a list of regions or "all"',
  items: region("A region name."),
});

export const settingsSchema: Schema = {
  $schema: "http://json-schema.org/draft-07/schema#",
  $id: "https://ops-agent.dev/schema/settings.json",
  title: "ops-agent settings (config/ops-agent.yaml)",
  ...obj("ops-agent settings", {
    region: region(
      "Default AWS region for API calls and clients. AWS_REGION / AWS_DEFAULT_REGION override it.",
    ),
    auth: obj("How credentials for member accounts are obtained.", {
      mode: str(
        "iam: AssumeRole into every account; sso: IAM Identity Center; auto: SSO when a valid token is cached, else IAM.",
        {
          enum: ["auto", "iam", "sso"],
        },
      ),
      role_name: str("Role assumed in each member account (an account's own role_name wins).", {
        pattern: "^[\\w+=,.@-]{1,64}$",
      }),
      session_name: str("Prefix of the STS role session name; the account id is appended.", {
        pattern: "^[\\w+=,.@-]{1,40}$",
      }),
      duration_seconds: int("Lifetime of assumed-role credentials in seconds.", 900, 43200),
      external_id: str("ExternalId sent with AssumeRole (an account's own external_id wins).", {
        pattern: "^[\\w+=,.@:/-]{2,1224}$",
      }),
      refresh_before_seconds: int("Refresh credentials this many seconds before they expire.", 0, 3600),
      partition: str("Partition used in role ARNs.", { enum: ["aws", "aws-us-gov", "aws-cn"] }),
      sso: obj("IAM Identity Center settings (SSO mode).", {
        session: str("Name of the [sso-session NAME] section in ~/.aws/config; names the token cache file."),
        start_url: str("Identity Center start URL (legacy profiles without an sso-session).", {
          pattern: "^https://",
        }),
        region: region("Region of the Identity Center portal (default: the sso-session's sso_region)."),
        role_name: str("Permission-set role name used in every account."),
        profile: str("Profile in ~/.aws/config whose SSO settings to use."),
        discover_accounts: bool("Add accounts from sso:ListAccounts that the registry does not list."),
        cache_dir: str("Token cache directory. Default ~/.aws/sso/cache."),
        config_file: str("AWS config file. Default ~/.aws/config (or AWS_CONFIG_FILE)."),
      }),
    }),
    mcp: obj("The AWS MCP Server connection.", {
      endpoint: str("AWS MCP Server endpoint (Streamable HTTP). OPS_AGENT_MCP_ENDPOINT overrides.", {
        pattern: "^https?://",
      }),
      service: str("SigV4 service name (default: derived from the endpoint host, aws-mcp)."),
      signing_region: region("SigV4 signing region (default: derived from the endpoint host)."),
      timeout_ms: int(
        "Timeout of one MCP request (one HTTP attempt) in milliseconds; scripts take seconds to tens of seconds.",
        100,
        900000,
      ),
      max_retries: int("Retries on 429, 5xx and connection resets (never on other 4xx).", 0, 10),
      retry_budget_ms: int(
        "Upper bound in milliseconds on all retries of one call, backoff included.",
        0,
        900000,
      ),
      rate_per_account: {
        type: "number",
        minimum: 0.1,
        maximum: 1000,
        description:
          "Starting requests per second per signing account (token bucket). The AWS MCP Server allows 3 per second per account per Region, not adjustable (Agent Toolkit user guide, Quotas for AWS MCP Server).",
      },
      burst_per_account: int(
        "Requests an idle account may send back to back before the rate applies.",
        1,
        100,
      ),
      max_rate_per_account: {
        type: "number",
        minimum: 0.1,
        maximum: 1000,
        description:
          "Ceiling of the adaptive rate: it climbs towards this without 429s and halves on a 429 (AIMD). One snapshot of the quota page says 10 per second.",
      },
      max_connections_per_account: int(
        "Requests in flight per signing account; the server allows 27 concurrent connections per account per Region.",
        1,
        1000,
      ),
      script_tool: str("The MCP tool that runs generated scripts."),
      task_tool: str(
        "The MCP tool polled (argument task_id) when a script answers with a task id and a working status.",
      ),
      task_poll_ms: int("Milliseconds between two polls of a running task.", 10, 60000),
      max_response_bytes: int(
        "Largest MCP answer read, in bytes after decompression; a larger one is a unit error (E_MCP_RESPONSE).",
        1024,
        1073741824,
      ),
      max_json_depth: int(
        "Deepest JSON nesting accepted in an MCP answer; deeper is a unit error (E_MCP_RESPONSE).",
        8,
        1000,
      ),
    }),
    executor: obj("Concurrent fan-out over accounts and regions.", {
      concurrency: int(
        "Scripts in flight over all accounts (our own bound: waiting is remote); the default lets 100 accounts run in one round.",
        1,
        512,
      ),
      unit_timeout_ms: int(
        "Timeout of one script (all of its regions), waits for quota included, in milliseconds.",
        100,
        1800000,
      ),
      batch: str(
        "account: one script per account covers all of its regions (each request costs quota); unit: one script per account×region.",
        { enum: ["account", "unit"] },
      ),
      cache_ttl_seconds: int(
        "Seconds a tool result is reused for identical calls; 0 turns the cache off.",
        0,
        3600,
      ),
      ignore_errors: {
        type: "array",
        description: "Errors reported as empty results instead of failures (SCP denials, opted-out regions).",
        items: {
          type: "object",
          additionalProperties: false,
          description: "Match by our code, the AWS error code, or both.",
          minProperties: 1,
          properties: {
            code: str("Error code to ignore, e.g. E_AWS_ACCESS_DENIED."),
            aws_code: str(
              "AWS error code to ignore, exactly as AWS names it (e.g. OptInRequired); never matched against message text.",
              { pattern: "^[A-Za-z0-9_.]{1,100}$" },
            ),
          },
        },
      },
      max_units: int(
        "Most account×region units one call may plan; more is E_VALIDATION before any request.",
        1,
        1000000,
      ),
      cache_max_bytes: int("Bytes of results the result cache keeps (oldest dropped first).", 0, 4294967296),
    }),
    readonly: obj("Widening of the read-only guard (off by default; shown by doctor).", {
      allow_operations: {
        type: "array",
        description:
          "Operations allowed beyond the read-only rules, as service:Operation (e.g. s3:GetObject).",
        items: { type: "string", pattern: "^[a-z0-9-]+:[A-Z][A-Za-z0-9]+$" },
      },
    }),
    model: obj("The Bedrock model behind ask and serve.", {
      id: str("Bedrock model or inference profile id. OPS_AGENT_MODEL_ID overrides."),
      region: region("Bedrock region (default: region)."),
      max_iterations: int("Model turns per answer before stopping.", 1, 100),
      max_tokens: int("Maximum tokens the model may write per turn.", 1, 200000),
      temperature: { type: "number", minimum: 0, maximum: 1, description: "Sampling temperature." },
      stream: bool("Use ConverseStream (true) or Converse (false)."),
      tool_result_max_chars: int(
        "Characters of one tool result sent whole to the model; larger ones arrive as a table summary.",
        500,
        10000000,
      ),
      prompt_caching: bool("Add Bedrock prompt-cache points after the system prompt and the tools."),
      memory: obj("Conversation memory of serve and ask --session.", {
        max_turns: int("Conversation turns kept per session.", 1, 1000),
        max_tokens: int("Approximate token budget of one session's history.", 1000, 10000000),
        max_sessions: int("Sessions kept in memory (least recently used are dropped).", 1, 100000),
        idle_ttl_seconds: int("Seconds after which an idle session is forgotten.", 1, 604800),
      }),
    }),
    results: obj("Result tables (SQLite) of tool calls and the query_results tool.", {
      max_rows: int("Rows one query_results call (or call --sql) returns at most.", 1, 100000),
      query_timeout_ms: int("Milliseconds a query may run before it is stopped (E_TIMEOUT).", 100, 600000),
      max_session_bytes: int(
        "Bytes one session's result tables may hold; older tables are dropped first.",
        1048576,
      ),
      max_total_bytes: int(
        "Bytes all sessions' result tables may hold in serve (LRU sessions dropped), and one call --sql/--db.",
        1048576,
      ),
      preview_rows: int("Rows of a large result shown to the model in its summary.", 0, 100),
    }),
    organizations: obj("Account discovery from AWS Organizations, merged with the registry by account id.", {
      enabled: bool(
        "Discover accounts with the central account's base credentials (management account or delegated administrator).",
      ),
      environment_tag: str("Tag key whose value becomes the account's environment."),
      name_tag: str("Tag key whose value becomes the account's name; empty: its name in Organizations."),
      alias_tags: {
        type: "array",
        description: "Tag keys whose values become aliases.",
        items: { type: "string" },
      },
      regions_tag: str("Tag key holding a comma-separated region list (or all); empty: none."),
      include_ous: {
        type: "array",
        description:
          "OU ids or paths (Workloads/Prod) to include, sub-OUs too; empty: the whole organization.",
        items: { type: "string", minLength: 1 },
      },
      exclude_accounts: {
        type: "array",
        description: "Account ids never included.",
        items: { type: "string", pattern: "^[0-9]{12}$" },
      },
      cache_ttl_seconds: int(
        "Seconds a discovery is reused (memory for serve, the state directory for the CLI).",
        0,
        604800,
      ),
      rate_per_second: int(
        "Organizations API calls per second during discovery (the SDK backs off on TooManyRequestsException).",
        1,
        1000,
      ),
    }),
    sandbox: obj(
      "The built-in sandbox (--sandbox): which organization it simulates and how its endpoints behave.",
      {
        profile: str(
          "fast: no quota, scripts answer at once; realistic: the AWS MCP Server's published quotas (3 requests/s, 27 connections, 180 sessions per account per Region, 429 beyond), 1.5 s per script, wrapped results (--sandbox-profile).",
          { enum: ["fast", "realistic"] },
        ),
        accounts: int(
          "0: the small built-in organization (five accounts); N: an organization of N accounts in OUs, discovered through the sandbox's Organizations endpoint (--sandbox-accounts).",
          0,
          5000,
        ),
      },
    ),
    server: obj("serve: the AgentCore HTTP contract and MCP endpoint.", {
      host: str(
        "Address serve binds (default 127.0.0.1). Any other address needs auth_token_file / OPS_AGENT_AUTH_TOKEN or trust: agentcore.",
      ),
      auth_token_file: str(
        "File holding the bearer token(s) callers must send, one per line, relative to this file. OPS_AGENT_AUTH_TOKEN adds one.",
      ),
      trust: str(
        "agentcore: the network in front (AgentCore, SigV4 or JWT) authenticates callers, so a non-loopback bind needs no token.",
        { enum: ["none", "agentcore"] },
      ),
      allowed_origins: {
        type: "array",
        description: "Browser origins (https://host[:port]) allowed to call; any other Origin gets 403.",
        items: { type: "string", pattern: "^https?://[^/]+$", maxLength: 300 },
      },
      allowed_hosts: {
        type: "array",
        description:
          "Host names accepted in the Host header besides the bound address (DNS-rebinding protection).",
        items: { type: "string", maxLength: 255 },
      },
      idle_timeout_seconds: int("Seconds an idle connection may stay open (both ports).", 1, 255),
      body_timeout_ms: int(
        "Milliseconds a request body may take to arrive; slower bodies get 408 before taking a slot.",
        100,
        600000,
      ),
      port: int("AgentCore HTTP contract port.", 0, 65535),
      mcp_port: int("Port of the MCP endpoint (serve --mcp).", 0, 65535),
      max_body_bytes: int("Largest accepted request body in bytes.", 1024, 104857600),
      max_concurrent: int(
        "Invocations (and, separately, MCP requests) run at once; more get 503 with Retry-After.",
        1,
        10000,
      ),
      shutdown_grace_ms: int("Milliseconds in-flight invocations get to finish after SIGTERM.", 0, 900000),
    }),
    regions: regionList(
      "Regions queried for accounts that name none: a list, or all (each account's enabled regions). Default: region.",
    ),
    accounts: str("Path of the account registry (YAML or JSON), relative to this file."),
    plugins: {
      type: "array",
      description:
        "Extra plugin directories, relative to this file; their tools add to or override built-ins.",
      items: { type: "string" },
    },
    services: {
      type: "array",
      description:
        "boto3 service names aws_read and iam-policy cover beyond the six built in (ec2, ecs, eks, lambda, rds, s3), e.g. [dynamodb, sqs].",
      items: { type: "string", pattern: "^[a-z][a-z0-9-]*$" },
    },
  }),
};

const accountSchema: Schema = {
  ...obj("One AWS account.", {
    id: str("12-digit account id. Quote it in YAML.", {
      pattern: "^[0-9]{12}$",
      "x-message": 'account id must be a 12-digit string; quote it in YAML (id: "012345678901")',
    }),
    name: str("Short unique name (used in --accounts).", { minLength: 1, maxLength: 64 }),
    environment: str("Environment label, e.g. production (selects with env:<environment>)."),
    role: str("central accounts are not queried unless named explicitly.", { enum: ["central", "workload"] }),
    role_name: str("Role to assume in this account (overrides auth.role_name).", {
      pattern: "^[\\w+=,.@-]{1,64}$",
    }),
    regions: regionList("Regions queried by default: a list, or all (the account's enabled regions)."),
    external_id: str("ExternalId for this account's AssumeRole.", { pattern: "^[\\w+=,.@:/-]{2,1224}$" }),
    aliases: {
      type: "array",
      description: "Other names that select this account.",
      items: { type: "string" },
    },
    email: str("Account e-mail (informational; accepted from sso:ListAccounts and seed registries)."),
  }),
  required: ["id"],
};

export const registrySchema: Schema = {
  $schema: "http://json-schema.org/draft-07/schema#",
  $id: "https://ops-agent.dev/schema/accounts.json",
  title: "ops-agent account registry (config/accounts.yaml)",
  type: "object",
  description: "The accounts ops-agent knows.",
  additionalProperties: false,
  required: ["accounts"],
  properties: {
    accounts: { type: "array", description: "The accounts.", items: accountSchema },
  },
};

export const DEFAULT_MODEL_ID = "us.anthropic.claude-sonnet-4-5-20250929-v1:0";

export const defaultSettings: Settings = {
  region: "us-east-1",
  auth: {
    mode: "auto",
    role_name: "CentralOpsTargetRole",
    session_name: "ops-agent",
    duration_seconds: 3600,
    refresh_before_seconds: 300,
    partition: "aws",
    sso: { role_name: "CentralOpsReadOnly", discover_accounts: false },
  },
  mcp: {
    endpoint: "https://aws-mcp.us-east-1.api.aws/mcp",
    timeout_ms: 120000,
    max_retries: 6,
    retry_budget_ms: 60000,
    rate_per_account: 3,
    burst_per_account: 3,
    max_rate_per_account: 10,
    max_connections_per_account: 10,
    script_tool: "aws___run_script",
    task_tool: "aws___get_tasks",
    task_poll_ms: 1000,
    max_response_bytes: 33554432,
    max_json_depth: 100,
  },
  executor: {
    concurrency: 128,
    unit_timeout_ms: 300000,
    batch: "account",
    cache_ttl_seconds: 30,
    ignore_errors: [],
    // 500 accounts × every commercial region (about 40) is the largest call meant to run.
    max_units: 20000,
    cache_max_bytes: 67108864,
  },
  readonly: { allow_operations: [] },
  model: {
    id: DEFAULT_MODEL_ID,
    max_iterations: 12,
    max_tokens: 4096,
    temperature: 0,
    stream: true,
    tool_result_max_chars: 24000,
    prompt_caching: true,
    memory: { max_turns: 20, max_tokens: 60000, max_sessions: 1000, idle_ttl_seconds: 3600 },
  },
  results: {
    max_rows: 200,
    query_timeout_ms: 5000,
    max_session_bytes: 64 * 1024 * 1024,
    max_total_bytes: 512 * 1024 * 1024,
    preview_rows: 5,
  },
  organizations: {
    enabled: false,
    environment_tag: "environment",
    name_tag: "",
    alias_tags: [],
    regions_tag: "",
    include_ous: [],
    exclude_accounts: [],
    cache_ttl_seconds: 3600,
    rate_per_second: 8,
  },
  sandbox: { profile: "fast", accounts: 0 },
  server: {
    host: "127.0.0.1",
    trust: "none",
    allowed_origins: [],
    allowed_hosts: [],
    idle_timeout_seconds: 30,
    body_timeout_ms: 10000,
    port: 8080,
    mcp_port: 8000,
    max_body_bytes: 1048576,
    max_concurrent: 16,
    shutdown_grace_ms: 25000,
  },
  plugins: [],
  services: [],
};
