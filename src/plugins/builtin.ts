// Built-in plugins, embedded as text so they ship inside the compiled binary (data, never code).
import ec2 from "../../plugins/ec2.yaml" with { type: "text" };
import ecs from "../../plugins/ecs.yaml" with { type: "text" };
import eks from "../../plugins/eks.yaml" with { type: "text" };
import lambda from "../../plugins/lambda.yaml" with { type: "text" };
import rds from "../../plugins/rds.yaml" with { type: "text" };
import s3 from "../../plugins/s3.yaml" with { type: "text" };

export interface PluginText {
  /** File name for messages: `builtin:ec2.yaml` or a path on disk. */
  file: string;
  text: string;
}

export const BUILTIN_PLUGINS: readonly PluginText[] = Object.entries({ ec2, s3, rds, lambda, ecs, eks }).map(
  ([name, text]) => ({ file: `builtin:${name}.yaml`, text: String(text) }),
);
