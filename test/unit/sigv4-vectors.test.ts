import { describe, expect, test } from "bun:test";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { createSigner } from "../../src/credentials/sign.ts";

// AWS's published SigV4 vectors, replayed through our signing path (aws4fetch's AwsV4Signer as
// configured by createSigner). Only header-signing cases that can occur on our one POST /mcp apply.
const FIXTURES = join(import.meta.dir, "../fixtures/sigv4");

/** Cases of the two suites we deliberately do not replay, and why. */
const SKIPPED: Record<string, string> = {
  "get-header-key-duplicate":
    "repeated header names: fetch's Headers joins them with ', ', SigV4 with ','; we never send one",
  "get-header-value-multiline": "folded header values; HTTP/1.1 deprecated them and we never send one",
  "get-header-value-order": "repeated header names (see get-header-key-duplicate)",
  "get-utf8": "non-ASCII path; our path is the fixed /mcp",
  "normalize-path/*, get-{relative,slash,slashes,space}-*":
    "path normalisation cases; our path is the fixed /mcp",
  "post-sts-header-after": "the token is added after signing (unsigned); we always sign X-Amz-Security-Token",
  "post-x-www-form-urlencoded(-parameters) [CRT suite]":
    "sign_body adds X-Amz-Content-Sha256, which neither botocore nor we send to aws-mcp",
  "query-*.txt [CRT suite]": "presigned-URL (query) signing; we sign headers only",
};

interface Expected {
  creq: string;
  sts: string;
  authz: string;
}

async function check(signer: ReturnType<typeof createSigner>, expected: Expected) {
  expect(await signer.canonicalString()).toBe(expected.creq);
  expect(await signer.stringToSign()).toBe(expected.sts);
  expect(await signer.authHeader()).toBe(expected.authz);
}

describe("aws-sig-v4-test-suite (2015-08-30)", () => {
  const suite = JSON.parse(readFileSync(join(FIXTURES, "aws-sig-v4-test-suite.json"), "utf8")) as {
    meta: { accessKeyId: string; secretAccessKey: string; region: string; service: string; amzDate: string };
    cases: Array<
      Expected & { name: string; method: string; target: string; headers: [string, string[]][]; body: string }
    >;
  };
  const skip = (name: string) =>
    name.startsWith("normalize-path/") ||
    name.endsWith("post-sts-header-after") ||
    name.replace(/^.*\//, "") in SKIPPED;
  const cases = suite.cases.filter((c) => !skip(c.name));

  test("every case named in SKIPPED is one of the suite's, and some are replayed", () => {
    const names = suite.cases.map((c) => c.name.replace(/^.*\//, ""));
    for (const skipped of Object.keys(SKIPPED).filter((k) => /^[a-z0-9-]+$/.test(k)))
      expect(names).toContain(skipped);
    expect(cases).not.toEqual([]);
  });

  for (const c of cases) {
    test(c.name, async () => {
      const headers = new Headers();
      let sessionToken: string | undefined;
      for (const [name, values] of c.headers) {
        const lower = name.toLowerCase();
        // Host comes from the URL; X-Amz-Date and the token are set by the signer, as in production.
        if (lower === "x-amz-security-token") sessionToken = values[0];
        else if (lower !== "host" && lower !== "x-amz-date") for (const v of values) headers.append(name, v);
      }
      const signer = createSigner({
        method: c.method,
        url: `https://example.amazonaws.com${c.target}`,
        headers,
        body: c.body,
        credentials: {
          accessKeyId: suite.meta.accessKeyId,
          secretAccessKey: suite.meta.secretAccessKey,
          sessionToken,
        },
        service: suite.meta.service,
        region: suite.meta.region,
        datetime: suite.meta.amzDate,
      });
      await check(signer, c);
    });
  }
});

describe("aws-signing-test-suite v4 (aws-c-auth), header signing", () => {
  const root = join(FIXTURES, "aws-signing-test-suite-v4");
  const names = readdirSync(root).filter((n) => statSync(join(root, n)).isDirectory());

  test("the copied cases are there", () => expect(names).not.toEqual([]));

  for (const name of names) {
    test(name, async () => {
      const read = (file: string) => readFileSync(join(root, name, file), "utf8");
      const context = JSON.parse(read("context.json"));
      expect(context.sign_body).toBe(false);
      const [head = "", ...rest] = read("request.txt").split("\n\n");
      const [requestLine = "", ...lines] = head.split("\n");
      const [method = "", target = ""] = requestLine.split(" ");
      const headers = new Headers();
      let host = "";
      for (const line of lines.filter((l) => l.includes(":"))) {
        const i = line.indexOf(":");
        if (line.slice(0, i).toLowerCase() === "host") host = line.slice(i + 1);
        else headers.append(line.slice(0, i), line.slice(i + 1));
      }
      const signer = createSigner({
        method,
        url: `https://${host}${target}`,
        headers,
        body: rest.join("\n\n"),
        credentials: {
          accessKeyId: context.credentials.access_key_id,
          secretAccessKey: context.credentials.secret_access_key,
          sessionToken: context.omit_session_token ? undefined : context.credentials.token,
        },
        service: context.service,
        region: context.region,
        datetime: context.timestamp.replace(/[:-]/g, ""),
      });
      const authz = /^Authorization:(.*)$/m.exec(read("header-signed-request.txt"))?.[1];
      await check(signer, {
        creq: read("header-canonical-request.txt"),
        sts: read("header-string-to-sign.txt"),
        authz: authz ?? "",
      });
      expect(await signer.signature()).toBe(read("header-signature.txt").trim());
    });
  }
});

test("skipped cases are listed with a reason", () => {
  for (const reason of Object.values(SKIPPED)) expect(reason.length).toBeGreaterThan(20);
});
