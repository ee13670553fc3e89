// Starts Debian's redis-server on a free loopback port, with no persistence, for the shared-store tests;
// stops, restarts (same port) and freezes it to show how the store behaves through an outage.
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort } from "./node-red";

export const REDIS_SERVER = process.env.REDIS_SERVER ?? "/usr/bin/redis-server";

export interface RedisServer {
  readonly port: number;
  /** redis://127.0.0.1:port, with the password when there is one. */
  readonly url: string;
  stop(): Promise<void>;
  /** Starts it again on the same port (empty: nothing is persisted). */
  restart(): Promise<void>;
  /** Stops answering without closing connections (SIGSTOP), as a hung server would. */
  freeze(): void;
  thaw(): void;
}

const running = new Set<ChildProcess>();
process.on("exit", () => {
  for (const child of running) child.kill("SIGKILL");
});

export async function startRedis(options: { password?: string } = {}): Promise<RedisServer> {
  if (!existsSync(REDIS_SERVER)) {
    throw new Error(
      `${REDIS_SERVER} is missing: run \`apt-get install redis-server\` (npm test's setup installs it when run as root)`,
    );
  }
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), "nrs-redis-"));
  const args = ["--save", "", "--appendonly", "no", "--bind", "127.0.0.1", "--port", String(port), "--dir", dir];
  if (options.password !== undefined) args.push("--requirepass", options.password);
  let child: ChildProcess | undefined;

  const start = async (): Promise<void> => {
    mkdirSync(dir, { recursive: true });
    const started = spawn(REDIS_SERVER, args, { stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    started.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    started.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    running.add(started);
    started.once("exit", () => running.delete(started));
    child = started;
    const deadline = Date.now() + 10_000;
    while (!(await answersPing(port))) {
      if (started.exitCode !== null || started.signalCode !== null) {
        throw new Error(`redis-server exited at start:\n${output}`);
      }
      if (Date.now() > deadline) throw new Error(`redis-server did not answer PING on port ${port}:\n${output}`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  };

  const stop = async (): Promise<void> => {
    const current = child;
    child = undefined;
    if (!current || current.exitCode !== null || current.signalCode !== null) return;
    const exited = new Promise((resolve) => current.once("exit", resolve));
    current.kill("SIGCONT"); // a frozen server handles SIGTERM only once it runs again
    current.kill("SIGTERM");
    await exited;
  };

  await start();
  const auth = options.password === undefined ? "" : `:${encodeURIComponent(options.password)}@`;
  return {
    port,
    url: `redis://${auth}127.0.0.1:${port}`,
    stop: async () => {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
    restart: async () => {
      await stop();
      await start();
    },
    freeze: () => child?.kill("SIGSTOP"),
    thaw: () => child?.kill("SIGCONT"),
  };
}

/** True when something on the port answers PING like Redis (+PONG, or -NOAUTH when it wants a password). */
function answersPing(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: "127.0.0.1", port });
    let reply = "";
    const done = (ok: boolean): void => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1_000, () => done(false));
    socket.on("error", () => done(false));
    socket.on("connect", () => socket.write("PING\r\n"));
    socket.on("data", (chunk) => {
      reply += chunk.toString();
      if (reply.includes("\r\n")) done(reply.startsWith("+PONG") || reply.startsWith("-NOAUTH"));
    });
  });
}
