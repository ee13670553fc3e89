// "What does a stranger see?": asks a Node-RED, without any credentials, for its editor API, its
// http-in endpoints (GET/HEAD only), static files, dashboards and websocket paths (upgrade only), and
// says which answered. Bounded in count and time; never POSTs, never touches /auth/token (Node-RED
// locks the admin user out after a few tries there).
import { randomBytes } from "node:crypto";
import { request as httpRequest, type IncomingMessage } from "node:http";
import { request as httpsRequest } from "node:https";
import type { LiveCheckKind, LiveCheckResult, LiveCheckState } from "../audit/facts";
import { messages, type Text } from "../i18n/messages";
import type { FlowNodeRef } from "../audit/types";

/** The words of the doors and of why one was not asked: "live-doors.*" in locales/<lang>/findings.json. */
export const doorMsg = messages("live-doors");

export interface ProbeTarget {
  readonly kind: LiveCheckKind;
  /** Path as the client requests it (httpNodeRoot / httpAdminRoot included). */
  readonly path: string;
  readonly method: "GET" | "HEAD" | "UPGRADE";
  /** What a person calls it: "GET /api/door", "Dashboard 2 /dashboard". */
  readonly label: Text;
  readonly node?: FlowNodeRef;
  /** Why it is not asked at all (it would POST, or run a flow that reaches a command). */
  readonly skip?: Text;
}

export interface ProbeOptions {
  readonly timeoutMs?: number;
  readonly maxRequests?: number;
  readonly concurrency?: number;
  /** The whole probe gives up after this long. */
  readonly deadlineMs?: number;
  /** Extra headers on every request (the self-check mark, when asking this very process). */
  readonly headers?: Readonly<Record<string, string>>;
}

export const PROBE_LIMITS = { timeoutMs: 2000, maxRequests: 40, concurrency: 4, deadlineMs: 15_000 } as const;

/** Paths no probe may ever ask for. */
const FORBIDDEN = [/\/auth\/token\b/i, /\/auth\/revoke\b/i];

interface Answer {
  readonly status?: number;
  readonly location?: string;
  readonly error?: string;
}

function ask(
  base: URL,
  target: ProbeTarget,
  timeoutMs: number,
  extra: Readonly<Record<string, string>> = {},
): Promise<Answer> {
  return new Promise((resolve) => {
    // Relative to the base, so a base with a path (a proxy's prefix) keeps it.
    const url = new URL(target.path.replace(/^\/+/, ""), base.href.endsWith("/") ? base : new URL(`${base.href}/`));
    const secure = url.protocol === "https:" || url.protocol === "wss:";
    const send = secure ? httpsRequest : httpRequest;
    const upgrade = target.method === "UPGRADE";
    let settled = false;
    const done = (answer: Answer): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(answer);
    };
    const req = send(url, {
      method: upgrade ? "GET" : target.method,
      // Talking to this very instance (or one the user named): a self-signed certificate is expected.
      rejectUnauthorized: false,
      agent: false,
      headers: {
        ...extra,
        "User-Agent": "node-red-contrib-security live check",
        Accept: target.kind === "dashboard" || target.kind === "editor" ? "text/html" : "*/*",
        ...(upgrade
          ? {
              Connection: "Upgrade",
              Upgrade: "websocket",
              "Sec-WebSocket-Version": "13",
              "Sec-WebSocket-Key": randomBytes(16).toString("base64"),
            }
          : {}),
      },
    });
    const timer = setTimeout(() => {
      req.destroy();
      done({ error: "no answer in time" });
    }, timeoutMs);
    req.on("upgrade", (res: IncomingMessage, socket) => {
      // The door opened: close it at once, nothing is sent.
      socket.destroy();
      done({ status: res.statusCode ?? 101 });
    });
    req.on("response", (res: IncomingMessage) => {
      const location = res.headers.location;
      res.resume();
      res.on("error", () => undefined);
      done({ status: res.statusCode ?? 0, ...(typeof location === "string" ? { location } : {}) });
    });
    req.on("error", (err: NodeJS.ErrnoException) => done({ error: err.code ?? err.message }));
    req.end();
  });
}

/** Open, closed or unknown, from what a door answered a stranger. */
export function judge(target: ProbeTarget, answer: Answer): LiveCheckState {
  const status = answer.status;
  if (status === undefined) return "unknown";
  if (target.method === "UPGRADE")
    return status === 101 ? "open" : status === 401 || status === 403 ? "closed" : "unknown";
  if (status === 401 || status === 403 || status === 429 || status === 503) return "closed";
  if (status >= 300 && status < 400) {
    // Sent to a login page: closed. Elsewhere (a dashboard's own "/ui" → "/ui/"): not judged.
    return /login/i.test(answer.location ?? "") ? "closed" : "unknown";
  }
  if (status >= 200 && status < 300) return "open";
  return "unknown";
}

/** Asks each target once (within the limits) and says what a stranger got. Never throws. */
export async function runProbe(
  base: URL,
  targets: readonly ProbeTarget[],
  options: ProbeOptions = {},
): Promise<LiveCheckResult[]> {
  const timeoutMs = options.timeoutMs ?? PROBE_LIMITS.timeoutMs;
  const maxRequests = options.maxRequests ?? PROBE_LIMITS.maxRequests;
  const concurrency = Math.max(1, options.concurrency ?? PROBE_LIMITS.concurrency);
  const deadline = Date.now() + (options.deadlineMs ?? PROBE_LIMITS.deadlineMs);
  const results: LiveCheckResult[] = targets.map((t) => ({
    kind: t.kind,
    label: t.label,
    path: t.path,
    method: t.method,
    state: "skipped",
    ...(t.node ? { node: t.node } : {}),
    note: t.skip ?? doorMsg("stopsAfter"),
  }));
  const queue: number[] = [];
  targets.forEach((t, i) => {
    if (t.skip !== undefined) return;
    if (FORBIDDEN.some((re) => re.test(t.path))) {
      results[i] = { ...(results[i] as LiveCheckResult), note: doorMsg("couldLockOut") };
      return;
    }
    if (queue.length < maxRequests) queue.push(i);
  });
  const worker = async (): Promise<void> => {
    for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
      const target = targets[next] as ProbeTarget;
      const previous = results[next] as LiveCheckResult;
      if (Date.now() > deadline) {
        results[next] = { ...previous, state: "unknown", note: doorMsg("outOfTime") };
        continue;
      }
      let answer: Answer;
      try {
        answer = await ask(base, target, Math.min(timeoutMs, Math.max(1, deadline - Date.now())), options.headers);
      } catch (err) {
        answer = { error: err instanceof Error ? err.message : String(err) };
      }
      const rest: LiveCheckResult = { ...previous };
      delete (rest as { note?: Text }).note;
      results[next] = {
        ...rest,
        state: judge(target, answer),
        ...(answer.status === undefined ? {} : { status: answer.status }),
        ...(answer.error === undefined ? {} : { note: answer.error }),
      };
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, queue.length) }, () => worker()));
  return results;
}
