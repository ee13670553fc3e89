// Sends a request target exactly as written, over a plain TCP socket: fetch, supertest and
// http.request all normalise or refuse odd targets ("\", "#", absolute-form), which is what these
// tests must send. Only to 127.0.0.1, one request per connection, bounded in time.
import { connect } from "node:net";

export interface RawAnswer {
  /** The HTTP status, or 0 when the server closed without answering. */
  readonly status: number;
  readonly headers: string;
  readonly body: string;
}

export interface RawOptions {
  readonly method?: string;
  readonly headers?: Record<string, string>;
  /** Ask for a websocket upgrade (a 101 answer means the socket opened). */
  readonly upgrade?: boolean;
  readonly timeoutMs?: number;
}

/** One request with `target` on the request line as is. */
export function rawRequest(port: number, target: string, options: RawOptions = {}): Promise<RawAnswer> {
  const headers: Record<string, string> = {
    Host: `127.0.0.1:${String(port)}`,
    ...(options.upgrade
      ? {
          Connection: "Upgrade",
          Upgrade: "websocket",
          "Sec-WebSocket-Version": "13",
          "Sec-WebSocket-Key": "dGhlIHNhbXBsZSBub25jZQ==",
        }
      : { Connection: "close" }),
    ...options.headers,
  };
  const head = `${options.method ?? "GET"} ${target} HTTP/1.1\r\n${Object.entries(headers)
    .map(([k, v]) => `${k}: ${v}`)
    .join("\r\n")}\r\n\r\n`;
  return new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1");
    let data = "";
    let settled = false;
    const finish = (): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      const split = data.indexOf("\r\n\r\n");
      const top = split < 0 ? data : data.slice(0, split);
      const status = /^HTTP\/1\.[01] (\d{3})/.exec(top);
      resolve({ status: status ? Number(status[1]) : 0, headers: top, body: split < 0 ? "" : data.slice(split + 4) });
    };
    const timer = setTimeout(finish, options.timeoutMs ?? 3000);
    socket.setEncoding("latin1");
    socket.on("data", (chunk: string) => {
      data += chunk;
      // An opened websocket stays open: its 101 head is the whole answer.
      if (options.upgrade && /^HTTP\/1\.1 101/.test(data) && data.includes("\r\n\r\n")) finish();
    });
    socket.on("end", finish);
    socket.on("close", finish);
    socket.on("error", finish);
    socket.write(head, "latin1");
  });
}

/** Runs `work` over `items` with at most `limit` at a time. */
export async function inBatches<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next;
      next += 1;
      results[index] = await work(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
