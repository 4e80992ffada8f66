import { describe, expect, test } from "bun:test";
import { composeFetch } from "../../src/mcp/fetch-stack.ts";
import { injectMetaLayer } from "../../src/mcp/meta.ts";
import { createSignLayer } from "../../src/mcp/signed-fetch.ts";
import { verifySigV4 } from "../../src/sandbox/sigv4.ts";
import { createStaticCredentials } from "../helpers/static-credentials.ts";

const A = {
  accessKeyId: "AKIAFAKEAAAAAAAA0001",
  secretAccessKey: "a/secret/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
  sessionToken: "tokA",
};
const A2 = {
  accessKeyId: "AKIAFAKEAAAAAAAA0002",
  secretAccessKey: "a/secret/bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb",
  sessionToken: "tokA2",
};
const URL_ = "https://aws-mcp.us-east-1.api.aws/mcp";
type Keys = Record<string, { secretAccessKey: string; sessionToken?: string }>;
/** The simulator's verifier (`@smithy/signature-v4`, independent of our aws4fetch signer). */
const createVerifier = (keys: Keys, region = "us-east-1", now?: () => Date) => ({
  verify: (s: Sent) =>
    verifySigV4(s, {
      service: "aws-mcp",
      region,
      secretFor: (id) => keys[id],
      now: now && (() => now().getTime()),
    }),
});
const verifier = createVerifier({ [A.accessKeyId]: A, [A2.accessKeyId]: A2 });

interface Sent {
  url: string;
  method: string;
  headers: Headers;
  body: Uint8Array;
}

/** The `_meta` and signing layers over a transport that captures the request instead of sending it. */
function capture(options: { operationRegion?: string } = {}) {
  const sent: Sent[] = [];
  const credentials = createStaticCredentials({ "111111111111": [A, A2] });
  const sign = createSignLayer({
    credentials,
    accountId: "111111111111",
    service: "aws-mcp",
    signingRegion: "us-east-1",
  });
  const fetch = composeFetch(
    async (input, init = {}) => {
      const headers = new Headers(init.headers);
      headers.set("host", new URL(String(input)).host); // added by fetch on the wire
      sent.push({
        url: String(input),
        method: init.method ?? "GET",
        headers,
        body: (init.body as Uint8Array | undefined) ?? new Uint8Array(),
      });
      return new Response(null, { status: 202 });
    },
    [injectMetaLayer(options.operationRegion ?? "us-east-1"), sign],
  );
  return { sent, fetch, credentials };
}

const post = (body: string) => ({
  method: "POST",
  headers: { "content-type": "application/json", accept: "application/json, text/event-stream" },
  body,
});
const text = (s: Sent) => new TextDecoder().decode(s.body);

describe("the _meta and signing layers", () => {
  test("injects _meta.AWS_REGION, then signs the final bytes; an independent verifier accepts them", async () => {
    const { sent, fetch } = capture({ operationRegion: "eu-west-1" });
    await fetch(
      URL_,
      post('{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"t","arguments":{}}}'),
    );
    expect(JSON.parse(text(sent[0]!)).params._meta).toEqual({ AWS_REGION: "eu-west-1" });
    expect(await verifier.verify(sent[0]!)).toMatchObject({ ok: true, accessKeyId: A.accessKeyId });
    const auth = sent[0]!.headers.get("authorization")!;
    expect(auth).toContain(`Credential=${A.accessKeyId}/`);
    expect(auth).toContain("/us-east-1/aws-mcp/aws4_request");
    expect(auth).toContain(
      "SignedHeaders=accept;content-length;content-type;host;x-amz-date;x-amz-security-token,",
    );
    expect(sent[0]!.headers.get("content-length")).toBe(String(sent[0]!.body.byteLength));
  });

  test("keys already in _meta win; bodies without params are sent byte for byte", async () => {
    const { sent, fetch } = capture({ operationRegion: "eu-west-1" });
    await fetch(
      URL_,
      post(
        '{"jsonrpc":"2.0","id":2,"method":"x","params":{"_meta":{"AWS_REGION":"ap-south-1","progressToken":2}}}',
      ),
    );
    const initialized = '{"jsonrpc":"2.0",  "method":"notifications/initialized"}';
    await fetch(URL_, post(initialized));
    expect(JSON.parse(text(sent[0]!)).params._meta).toEqual({ AWS_REGION: "ap-south-1", progressToken: 2 });
    expect(text(sent[1]!)).toBe(initialized);
    for (const s of sent) expect((await verifier.verify(s)).ok).toBe(true);
  });

  test("reads credentials on every request, so an invalidation switches keys at once", async () => {
    const { sent, fetch, credentials } = capture();
    await fetch(URL_, post("{}"));
    credentials.invalidate("111111111111");
    await fetch(URL_, post("{}"));
    expect(credentials.gets("111111111111")).toBe(2);
    expect(await verifier.verify(sent[0]!)).toMatchObject({ ok: true, accessKeyId: A.accessKeyId });
    expect(await verifier.verify(sent[1]!)).toMatchObject({ ok: true, accessKeyId: A2.accessKeyId });
  });
});

describe("the simulator's SigV4 verifier refuses what AWS would", () => {
  async function signed() {
    const { sent, fetch } = capture();
    await fetch(URL_, post('{"jsonrpc":"2.0","id":1,"method":"tools/list","params":{}}'));
    return sent[0]!;
  }

  test("a body changed after signing", async () => {
    const s = await signed();
    const result = await verifier.verify({ ...s, body: new TextEncoder().encode(`${text(s)} `) });
    expect(result).toMatchObject({ ok: false, reason: "signature does not match" });
  });

  test("a signed header changed after signing", async () => {
    const s = await signed();
    s.headers.set("content-type", "text/plain");
    expect((await verifier.verify(s)).ok).toBe(false);
  });

  test("an unknown key, a wrong secret, a wrong scope, a stale date, a swapped token", async () => {
    const s = await signed();
    const other = (keys: Keys, region = "us-east-1", now?: () => Date) =>
      createVerifier(keys, region, now).verify(s);
    expect((await other({})).ok).toBe(false);
    expect(await other({ [A.accessKeyId]: { secretAccessKey: "wrong" } })).toMatchObject({
      ok: false,
      reason: "signature does not match",
    });
    expect((await other({ [A.accessKeyId]: A }, "eu-central-1")).ok).toBe(false);
    expect((await other({ [A.accessKeyId]: A }, "us-east-1", () => new Date(Date.now() + 600_000))).ok).toBe(
      false,
    );
    expect((await other({ [A.accessKeyId]: { ...A, sessionToken: "other" } })).ok).toBe(false);
  });
});
