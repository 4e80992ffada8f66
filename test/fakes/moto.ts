import { type ChildProcess, spawn } from "node:child_process";
import { connect, createServer } from "node:net";

/**
 * A real STS (moto_server) on a free loopback port, behind a tiny counting proxy. The proxy records
 * every STS form body it forwards (so tests count AssumeRole calls and read ExternalId at the
 * server) and can answer a request itself with a real STS error document (throttling, region
 * disabled) that moto has no switch for.
 */
export interface MotoOptions {
  /** Requests moto serves before it checks signatures and IAM policies (INITIAL_NO_AUTH_ACTION_COUNT). */
  authAfter?: number;
  /** Answers a request instead of moto; return undefined to pass it through. */
  intercept?: (form: URLSearchParams) => Response | undefined;
}

export interface Moto {
  /** Proxy URL: give it to the SDK as the STS endpoint. */
  url: string;
  /** moto itself, bypassing the proxy (setup calls that must not be counted). */
  motoUrl: string;
  stop(): Promise<void>;
  /** Requests with this Action that reached the proxy (default AssumeRole). */
  stsCalls(action?: string): number;
  /** Form bodies of all requests seen by the proxy, in order. */
  requests(): URLSearchParams[];
  /** An unsigned query-API call straight to moto (IAM setup during the no-auth window); returns the XML. */
  call(params: Record<string, string>): Promise<string>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

async function waitForPort(port: number, child: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`moto_server exited (${child.exitCode}): ${log()}`);
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect(port, "127.0.0.1");
      socket.once("connect", () => resolve(socket.end() !== undefined));
      socket.once("error", () => resolve(false));
    });
    if (open) return;
    await Bun.sleep(50);
  }
  throw new Error(`moto_server did not listen on ${port} within 20 s: ${log()}`);
}

/** An STS (awsQuery) error document, as STS sends it. */
export function stsError(code: string, message: string, status = 400): Response {
  const body = `<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type><Code>${code}</Code><Message>${message}</Message></Error><RequestId>00000000-0000-0000-0000-000000000000</RequestId></ErrorResponse>`;
  return new Response(body, { status, headers: { "content-type": "text/xml" } });
}

export async function startMoto(options: MotoOptions = {}): Promise<Moto> {
  const port = await freePort();
  const env: Record<string, string | undefined> = { ...process.env };
  if (options.authAfter !== undefined) env.INITIAL_NO_AUTH_ACTION_COUNT = String(options.authAfter);
  const child = spawn("python3", ["-m", "moto.server", "-H", "127.0.0.1", "-p", String(port)], {
    env,
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  const kill = () => child.kill();
  process.once("exit", kill);
  const motoUrl = `http://127.0.0.1:${port}`;
  try {
    await waitForPort(port, child, () => stderr);
  } catch (error) {
    kill();
    throw error;
  }

  const seen: URLSearchParams[] = [];
  const proxy = Bun.serve({
    port: 0,
    hostname: "127.0.0.1",
    async fetch(request) {
      const body = await request.text();
      const form = new URLSearchParams(body);
      seen.push(form);
      const injected = options.intercept?.(form);
      if (injected) return injected;
      const url = new URL(request.url);
      // Keep the Host header the client signed, so moto's signature check (authAfter) still holds.
      const upstream = await fetch(`${motoUrl}${url.pathname}${url.search}`, {
        method: request.method,
        headers: request.headers,
        body: request.method === "GET" ? undefined : body,
      });
      return new Response(await upstream.arrayBuffer(), {
        status: upstream.status,
        headers: upstream.headers,
      });
    },
  });

  return {
    url: `http://127.0.0.1:${proxy.port}`,
    motoUrl,
    async stop() {
      proxy.stop(true);
      process.removeListener("exit", kill);
      const exited = new Promise((resolve) => child.once("exit", resolve));
      kill();
      await exited;
    },
    stsCalls: (action = "AssumeRole") => seen.filter((f) => f.get("Action") === action).length,
    requests: () => [...seen],
    async call(params) {
      const response = await fetch(motoUrl, {
        method: "POST",
        headers: {
          "content-type": "application/x-www-form-urlencoded",
          authorization:
            "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20240101/us-east-1/iam/aws4_request, SignedHeaders=host, Signature=0",
        },
        body: new URLSearchParams({ Version: "2010-05-08", ...params }),
      });
      const text = await response.text();
      if (!response.ok) throw new Error(`moto ${params.Action} failed (${response.status}): ${text}`);
      return text;
    },
  };
}

/** Creates an IAM user in moto with an inline policy and returns its access key (for authAfter setups: 3 calls). */
export async function createMotoUser(
  moto: Moto,
  name: string,
  policy: object,
): Promise<{ accessKeyId: string; secretAccessKey: string }> {
  await moto.call({ Action: "CreateUser", UserName: name });
  const xml = await moto.call({ Action: "CreateAccessKey", UserName: name });
  await moto.call({
    Action: "PutUserPolicy",
    UserName: name,
    PolicyName: "ops-agent-test",
    PolicyDocument: JSON.stringify(policy),
  });
  const accessKeyId = xml.match(/<AccessKeyId>([^<]+)</)?.[1];
  const secretAccessKey = xml.match(/<SecretAccessKey>([^<]+)</)?.[1];
  if (!accessKeyId || !secretAccessKey) throw new Error(`moto CreateAccessKey returned no key: ${xml}`);
  return { accessKeyId, secretAccessKey };
}
