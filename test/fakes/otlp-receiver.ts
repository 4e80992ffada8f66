/**
 * A local OTLP/HTTP trace receiver: `POST /v1/traces` with `application/x-protobuf` (decoded here with
 * a small protobuf wire-format reader over the OTLP trace schema) or `application/json` (OTLP/JSON),
 * normalised into one span list. It keeps the raw bodies and headers so tests can look for secrets.
 */

export interface ReceivedSpan {
  traceId: string;
  spanId: string;
  parentSpanId: string;
  name: string;
  kind: number;
  attributes: Record<string, unknown>;
  status: { code: number; message: string };
  resource: Record<string, unknown>;
  scope: string;
}

export interface OtlpReceiver {
  url: string;
  spans: ReceivedSpan[];
  /** Raw request bodies as text (protobuf bytes decoded as latin1) and every header received. */
  raw: string[];
  bodies: Uint8Array[];
  headers: Headers[];
  contentTypes: string[];
  /** Resolves when at least `count` spans arrived (rejects after `timeoutMs`). */
  waitFor(count: number, timeoutMs?: number): Promise<ReceivedSpan[]>;
  stop(): void;
}

type Fields = Map<number, Array<Uint8Array | bigint | number>>;

/** Reads one message into field number → values (varints as bigint, fixed64 as bigint, bytes as slices). */
function readMessage(bytes: Uint8Array): Fields {
  const fields: Fields = new Map();
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let i = 0;
  const varint = (): bigint => {
    let result = 0n;
    let shift = 0n;
    for (;;) {
      const b = bytes[i++]!;
      result |= BigInt(b & 0x7f) << shift;
      if ((b & 0x80) === 0) return result;
      shift += 7n;
    }
  };
  while (i < bytes.length) {
    const tag = Number(varint());
    const field = tag >>> 3;
    let value: Uint8Array | bigint | number;
    switch (tag & 7) {
      case 0:
        value = varint();
        break;
      case 1:
        value = view.getBigUint64(i, true);
        i += 8;
        break;
      case 2: {
        const length = Number(varint());
        value = bytes.subarray(i, i + length);
        i += length;
        break;
      }
      case 5:
        value = view.getUint32(i, true);
        i += 4;
        break;
      default:
        throw new Error(`unsupported wire type ${tag & 7}`);
    }
    fields.set(field, [...(fields.get(field) ?? []), value]);
  }
  return fields;
}

const text = (v: unknown) => (v instanceof Uint8Array ? new TextDecoder().decode(v) : "");
const hex = (v: unknown) => (v instanceof Uint8Array ? Buffer.from(v).toString("hex") : "");
const all = (f: Fields, n: number) => (f.get(n) ?? []) as Uint8Array[];
const one = (f: Fields, n: number) => f.get(n)?.[0];

function anyValue(f: Fields): unknown {
  if (f.has(1)) return text(one(f, 1));
  if (f.has(2)) return one(f, 2) === 1n;
  if (f.has(3)) return Number(BigInt.asIntN(64, one(f, 3) as bigint));
  if (f.has(4)) return new DataView(new BigUint64Array([one(f, 4) as bigint]).buffer).getFloat64(0, true);
  if (f.has(5)) return all(readMessage(all(f, 5)[0]!), 1).map((v) => anyValue(readMessage(v)));
  return undefined;
}

function protoAttributes(list: Uint8Array[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const kv of list.map(readMessage))
    out[text(one(kv, 1))] = anyValue(readMessage(all(kv, 2)[0] ?? new Uint8Array()));
  return out;
}

function decodeProtobuf(body: Uint8Array): ReceivedSpan[] {
  const spans: ReceivedSpan[] = [];
  for (const rs of all(readMessage(body), 1).map(readMessage)) {
    const resource = protoAttributes(all(readMessage(all(rs, 1)[0] ?? new Uint8Array()), 1));
    for (const ss of all(rs, 2).map(readMessage)) {
      const scope = text(one(readMessage(all(ss, 1)[0] ?? new Uint8Array()), 1));
      for (const s of all(ss, 2).map(readMessage)) {
        const status = readMessage(all(s, 15)[0] ?? new Uint8Array());
        spans.push({
          traceId: hex(one(s, 1)),
          spanId: hex(one(s, 2)),
          parentSpanId: hex(one(s, 4)),
          name: text(one(s, 5)),
          kind: Number(one(s, 6) ?? 0n),
          attributes: protoAttributes(all(s, 9)),
          status: { code: Number(one(status, 3) ?? 0n), message: text(one(status, 2)) },
          resource,
          scope,
        });
      }
    }
  }
  return spans;
}

interface JsonValue {
  stringValue?: string;
  boolValue?: boolean;
  intValue?: string | number;
  doubleValue?: number;
  arrayValue?: { values?: JsonValue[] };
}
type JsonAttributes = Array<{ key: string; value: JsonValue }> | undefined;

function jsonValue(v: JsonValue): unknown {
  if (v.stringValue !== undefined) return v.stringValue;
  if (v.boolValue !== undefined) return v.boolValue;
  if (v.intValue !== undefined) return Number(v.intValue);
  if (v.doubleValue !== undefined) return v.doubleValue;
  if (v.arrayValue) return (v.arrayValue.values ?? []).map(jsonValue);
  return undefined;
}
const jsonAttributes = (list: JsonAttributes) =>
  Object.fromEntries((list ?? []).map(({ key, value }) => [key, jsonValue(value)]));

function decodeJson(body: string): ReceivedSpan[] {
  const request = JSON.parse(body) as {
    resourceSpans?: Array<{
      resource?: { attributes?: JsonAttributes };
      scopeSpans?: Array<{
        scope?: { name?: string };
        spans?: Array<{
          traceId: string;
          spanId: string;
          parentSpanId?: string;
          name: string;
          kind?: number;
          attributes?: JsonAttributes;
          status?: { code?: number; message?: string };
        }>;
      }>;
    }>;
  };
  return (request.resourceSpans ?? []).flatMap((rs) =>
    (rs.scopeSpans ?? []).flatMap((ss) =>
      (ss.spans ?? []).map((s) => ({
        traceId: s.traceId,
        spanId: s.spanId,
        parentSpanId: s.parentSpanId ?? "",
        name: s.name,
        kind: s.kind ?? 0,
        attributes: jsonAttributes(s.attributes),
        status: { code: s.status?.code ?? 0, message: s.status?.message ?? "" },
        resource: jsonAttributes(rs.resource?.attributes),
        scope: ss.scope?.name ?? "",
      })),
    ),
  );
}

export function startOtlpReceiver(): OtlpReceiver {
  const spans: ReceivedSpan[] = [];
  const raw: string[] = [];
  const bodies: Uint8Array[] = [];
  const headers: Headers[] = [];
  const contentTypes: string[] = [];
  const server = Bun.serve({
    hostname: "127.0.0.1",
    port: 0,
    async fetch(request) {
      if (request.method !== "POST" || new URL(request.url).pathname !== "/v1/traces") {
        return new Response("not found", { status: 404 });
      }
      const body = new Uint8Array(await request.arrayBuffer());
      const type = request.headers.get("content-type") ?? "";
      headers.push(request.headers);
      contentTypes.push(type);
      raw.push(Buffer.from(body).toString("latin1"));
      bodies.push(body);
      if (type.startsWith("application/x-protobuf")) spans.push(...decodeProtobuf(body));
      else if (type.startsWith("application/json")) spans.push(...decodeJson(new TextDecoder().decode(body)));
      else return new Response("unsupported media type", { status: 415 });
      return new Response(type.startsWith("application/json") ? "{}" : new Uint8Array(), {
        headers: { "content-type": type },
      });
    },
  });
  return {
    url: `http://127.0.0.1:${server.port}`,
    spans,
    raw,
    bodies,
    headers,
    contentTypes,
    async waitFor(count, timeoutMs = 20_000) {
      const until = Date.now() + timeoutMs;
      while (spans.length < count) {
        if (Date.now() > until) throw new Error(`only ${spans.length} of ${count} spans arrived`);
        await Bun.sleep(20);
      }
      return spans;
    },
    stop: () => server.stop(true),
  };
}
