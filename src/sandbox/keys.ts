import { createHmac, randomBytes } from "node:crypto";
import type { Account } from "../config/types.ts";

/** Credentials the sandbox STS issued, as the MCP endpoint looks them up by access key. */
export interface IssuedCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  expiration: Date;
  account: Account;
  /** `arn:aws:sts::<id>:assumed-role/<role>/<session>`, named in access-denied messages. */
  principal: string;
}

/** Long-lived keys of the sandbox operator (the central account's user), for the STS client. */
export interface BaseCredentials {
  accessKeyId: string;
  secretAccessKey: string;
}

export interface KeyTable {
  readonly base: BaseCredentials;
  /** Issues (or re-issues, with a new expiration) the credentials of one account and role. */
  issue(account: Account, roleName: string, sessionName: string, durationSeconds: number): IssuedCredentials;
  /** The live issued credentials with this access key; undefined when never issued. */
  lookup(accessKeyId: string): IssuedCredentials | undefined;
}

const BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/**
 * Keys are derived from the account id and role with an HMAC under a secret drawn once per process:
 * stable within a run (a refresh hands back the same key id with a later expiration), unguessable
 * across runs, and distinct per account — so the endpoint can tell accounts apart by key alone.
 */
export function createKeyTable(options: { now?: () => number; secret?: Uint8Array } = {}): KeyTable {
  const secret = options.secret ?? randomBytes(32);
  const now = options.now ?? Date.now;
  const mac = (label: string) => createHmac("sha256", secret).update(label).digest();
  const keyId = (prefix: string, label: string) =>
    prefix + [...mac(`id:${label}`).subarray(0, 16)].map((b) => BASE32[b % 32]).join("");
  const secretKey = (label: string) => mac(`secret:${label}`).toString("base64").slice(0, 40);
  const issued = new Map<string, IssuedCredentials>();
  const base = { accessKeyId: keyId("AKIA", "operator"), secretAccessKey: secretKey("operator") };

  return {
    base,
    issue(account, roleName, sessionName, durationSeconds) {
      const label = `${account.id}:${roleName}`;
      const credentials: IssuedCredentials = {
        accessKeyId: keyId("ASIA", label),
        secretAccessKey: secretKey(label),
        sessionToken: `IQoJb3JpZ2luX2VjE${mac(`token:${label}`).toString("base64")}${mac(`token2:${label}`).toString("base64")}`,
        expiration: new Date(Math.floor((now() + durationSeconds * 1000) / 1000) * 1000),
        account,
        principal: `arn:aws:sts::${account.id}:assumed-role/${roleName}/${sessionName}`,
      };
      issued.set(credentials.accessKeyId, credentials);
      return credentials;
    },
    lookup: (accessKeyId) => issued.get(accessKeyId),
  };
}
