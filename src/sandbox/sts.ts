import type { Account } from "../config/types.ts";
import type { Logger } from "../log.ts";
import { maskAccessKey } from "../redact.ts";
import type { KeyTable } from "./keys.ts";
import { verifySignedBy } from "./sigv4.ts";

/**
 * The sandbox STS: the Query API (form-encoded POST, XML answers) for `AssumeRole`, as the real
 * `@aws-sdk/client-sts` speaks it. Requests must be signed with the operator's base keys; roles are
 * assumed only in accounts of the sandbox organization, each getting its own credentials.
 */
export interface StsHandlerOptions {
  accounts: Account[];
  keys: KeyTable;
  logger: Logger;
  now?: () => number;
}

const NS = "https://sts.amazonaws.com/doc/2011-06-15/";
const ROLE_ARN = /^arn:aws[a-z-]*:iam::(\d{12}):role\/(?:[\w+=,.@-]+\/)*([\w+=,.@-]{1,64})$/;

const xmlEscape = (s: string) =>
  s.replace(
    /[<>&'"]/g,
    (c) => ({ "<": "&lt;", ">": "&gt;", "&": "&amp;", "'": "&apos;", '"': "&quot;" })[c] ?? c,
  );

function errorResponse(status: number, code: string, message: string, type = "Sender"): Response {
  const body = `<ErrorResponse xmlns="${NS}">\n  <Error>\n    <Type>${type}</Type>\n    <Code>${code}</Code>\n    <Message>${xmlEscape(message)}</Message>\n  </Error>\n  <RequestId>${crypto.randomUUID()}</RequestId>\n</ErrorResponse>\n`;
  return new Response(body, { status, headers: { "content-type": "text/xml" } });
}

export function createStsHandler(options: StsHandlerOptions): (request: Request) => Promise<Response> {
  const { keys, logger } = options;
  const byId = new Map(options.accounts.map((a) => [a.id, a]));
  const operator = `arn:aws:iam::${options.accounts.find((a) => a.role === "central")?.id ?? "000000000000"}:user/sandbox-operator`;

  return async (request) => {
    if (request.method !== "POST")
      return errorResponse(400, "InvalidAction", "Only POST is supported by the sandbox STS");
    const { verified, body } = await verifySignedBy(request, "sts", keys.base, options.now);
    if (!verified.ok) {
      const code = verified.code === "UnrecognizedClientException" ? "InvalidClientTokenId" : verified.code;
      return errorResponse(verified.status, code, verified.message);
    }
    const form = new URLSearchParams(new TextDecoder().decode(body));
    const action = form.get("Action");
    if (action !== "AssumeRole") {
      return errorResponse(
        400,
        "InvalidAction",
        `Could not find operation ${action ?? "(none)"} for version 2011-06-15`,
      );
    }
    const roleArn = form.get("RoleArn") ?? "";
    const sessionName = form.get("RoleSessionName") ?? "";
    const duration = Number(form.get("DurationSeconds") ?? 3600);
    if (!/^[\w+=,.@-]{2,64}$/.test(sessionName)) {
      return errorResponse(
        400,
        "ValidationError",
        "1 validation error detected: Value at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*",
      );
    }
    if (!Number.isInteger(duration) || duration < 900 || duration > 43200) {
      return errorResponse(
        400,
        "ValidationError",
        "The requested DurationSeconds exceeds the MaxSessionDuration set for this role.",
      );
    }
    const parsed = ROLE_ARN.exec(roleArn);
    const account = parsed ? byId.get(parsed[1] ?? "") : undefined;
    if (!parsed || !account) {
      logger.debug("sandbox sts: AssumeRole refused", { role_arn: roleArn });
      return errorResponse(
        403,
        "AccessDenied",
        `User: ${operator} is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`,
      );
    }
    if (account.external_id !== undefined && form.get("ExternalId") !== account.external_id) {
      return errorResponse(
        403,
        "AccessDenied",
        `User: ${operator} is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`,
      );
    }
    const issued = keys.issue(account, parsed[2] ?? "", sessionName, duration);
    logger.debug("sandbox sts: assume role", {
      account: account.name,
      account_id: account.id,
      role: parsed[2],
      key: maskAccessKey(issued.accessKeyId),
      expires: issued.expiration.toISOString(),
    });
    const xml = `<AssumeRoleResponse xmlns="${NS}">
  <AssumeRoleResult>
    <AssumedRoleUser>
      <Arn>${xmlEscape(issued.principal)}</Arn>
      <AssumedRoleId>AROA${issued.accessKeyId.slice(4, 20)}:${xmlEscape(sessionName)}</AssumedRoleId>
    </AssumedRoleUser>
    <Credentials>
      <AccessKeyId>${issued.accessKeyId}</AccessKeyId>
      <SecretAccessKey>${issued.secretAccessKey}</SecretAccessKey>
      <SessionToken>${issued.sessionToken}</SessionToken>
      <Expiration>${issued.expiration.toISOString().replace(/\.\d{3}Z$/, "Z")}</Expiration>
    </Credentials>
    <PackedPolicySize>0</PackedPolicySize>
  </AssumeRoleResult>
  <ResponseMetadata>
    <RequestId>${crypto.randomUUID()}</RequestId>
  </ResponseMetadata>
</AssumeRoleResponse>
`;
    return new Response(xml, { headers: { "content-type": "text/xml" } });
  };
}
