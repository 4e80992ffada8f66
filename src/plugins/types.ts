/** A tool declared by a plugin file, validated and guarded, ready for the executor. */
export interface PluginTool {
  /** `<service>_<verb>_<noun>`, e.g. `ec2_describe_instances`. */
  name: string;
  /** boto3 service name, e.g. `ec2`. */
  service: string;
  /** Written for the model: what it returns and when to use it. */
  description: string;
  /** JSON Schema of the tool's own arguments (without `accounts`/`regions`). */
  inputSchema: Record<string, unknown>;
  /** Every AWS operation the tool may call (PascalCase), for the guard and `iam-policy`. */
  operations: string[];
  /** IAM actions (`ec2:DescribeInstances`) the tool needs, for `iam-policy`. */
  iamActions: string[];
  /** The plugin file (and line) the tool came from; `builtin:<file>` for embedded plugins. */
  source: string;
  /**
   * Builds the `aws___run_script` code for one account: the operation in each of `regions`, answered
   * per region. Validates `args` against `inputSchema` and re-runs the read-only guard; throws
   * OpsError E_VALIDATION / E_READONLY.
   */
  render(args: Record<string, unknown>, regions: string[], options?: RenderOptions): string;
  /**
   * A global listing that can filter by region (`region_param`, S3 `ListBuckets`): for `regions: all`
   * it runs once per account, unfiltered, and each item keeps its own region.
   */
  global?: boolean;
}

export interface RenderOptions {
  /** Leave `region_param` out: one call lists every region's resources. */
  allRegions?: boolean;
}

export interface PluginSet {
  tools: PluginTool[];
  /** Tools from plugin directories that replaced a built-in of the same name. */
  overridden: string[];
}
