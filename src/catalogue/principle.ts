import { type ServiceModel, walkOutput } from "./model.ts";

/**
 * The denylist principle, applied to an operation's output shape: a read is refused when what it
 * answers is a secret or stored data, not a description of resources.
 * - stored data: a streaming body or event stream (object bodies, file contents), or binary content
 *   within three members of the root (stream records, items, key material);
 * - a secret as the answer: a member the model marks `sensitive` at the top level of the output
 *   (`PasswordData`, `Credentials`, `LogFileData`, `EmbedUrl`);
 * - credentials by name: within two members of the root, a member named like a password, secret,
 *   private key, token, credentials, connection properties, access details or a login/embed/presigned
 *   URL (the models do not mark all of them: `lightsail:GetInstanceAccessDetails`, `glue:GetConnections`).
 * Sensitive members deeper down (Lambda environment values, user data, RDS pending passwords) are
 * incidental to a description: those are masked inside the script instead (`maskPaths`).
 */
const SECRET_MEMBER =
  /(password|passphrase|secret|secretvalue|secretstring|secretkey|secretaccesskey|privatekey|keymaterial|presharedkey|sessiontoken|accesstoken|authtoken|authorizationtoken|authorizationdata|idtoken|refreshtoken|credentials?|connectionproperties|accessdetails|embedurl|authorizedurl|signinurl|loginurl|presignedurl|downloadurl|uploadurl|streamingurl|sessionurl|apikey|decryptedapikey|tokenvalue|plaintext)$/i;

/**
 * Types a secret is carried in: a string, binary or a map (`ConnectionProperties`). Not a boolean
 * `PasswordEnabled`, a date, nor a structure such as RDS `MasterUserSecret` (an ARN and a status): its
 * members are checked on their own.
 */
const CARRIERS = new Set(["string", "blob", "map"]);

/** Why the principle refuses `operation`'s output, or undefined. */
export function outputDenial(model: ServiceModel, operation: string): string | undefined {
  const output = model.operations[operation]?.output?.shape;
  if (!output) return undefined;
  for (const m of walkOutput(model, output, 4)) {
    if (m.streaming) return `it returns stored data (${m.path} is a streaming body)`;
    if (m.shape.type === "blob" && m.depth <= 3)
      return `it returns stored data (${m.path} is binary content)`;
    if (m.sensitive && m.depth <= 1)
      return `its answer is a value the service model marks sensitive (${m.path})`;
    if (m.depth <= 2 && m.name && CARRIERS.has(m.shape.type) && SECRET_MEMBER.test(m.name)) {
      return `its answer carries credentials or secrets (${m.path})`;
    }
  }
  return undefined;
}

/** User data by name: the models leave ec2 `DescribeInstanceAttribute`'s `UserData` unmarked, and it holds secrets. */
const USER_DATA = /^userdata$/i;

/** Output paths of `operation` whose values the model marks sensitive, or user data: the script masks them. */
export function maskPaths(model: ServiceModel, operation: string): string[] {
  const output = model.operations[operation]?.output?.shape;
  if (!output) return [];
  return walkOutput(model, output)
    .filter((m) => m.sensitive || (m.name !== undefined && USER_DATA.test(m.name)))
    .map((m) => m.path);
}
