// Turns where the server listens, and the request that asked for the report, into exposure facts.
import { isIP } from "node:net";
import { classifyAddress, listenAddresses } from "./addresses";
import type { ExposureFacts, ListenFacts, RequestFacts } from "./facts";

/** The parts of an incoming request the audit looks at (header names lower case, as Node.js gives them). */
export interface RequestInput {
  readonly remoteAddress: string;
  readonly encrypted: boolean;
  /** Node.js' `req.headers`; anything else is treated as no headers. */
  readonly headers: unknown;
}

const PROXY_HEADERS = ["forwarded", "x-forwarded-for", "x-forwarded-proto", "x-forwarded-host", "x-real-ip"] as const;

function header(headers: Readonly<Record<string, unknown>>, name: string): string | undefined {
  const value = headers[name];
  if (typeof value === "string") return value;
  if (Array.isArray(value) && typeof value[0] === "string") return value.join(",");
  return undefined;
}

/** The first hop of a `Forwarded` header (RFC 7239): its for= and proto=. */
function parseForwarded(value: string): { for?: string; proto?: string } {
  const first = value.split(",")[0] ?? "";
  const out: { for?: string; proto?: string } = {};
  for (const pair of first.split(";")) {
    const [k, v] = pair.split("=", 2).map((s) => s.trim());
    if (!k || v === undefined) continue;
    const clean = v.replace(/^"|"$/g, "");
    if (k.toLowerCase() === "for") out.for = clean.replace(/^\[([^\]]+)\](:\d+)?$/, "$1");
    if (k.toLowerCase() === "proto") out.proto = clean.toLowerCase();
  }
  return out;
}

/** Whether settings declare a proxy Node-RED trusts: httpServerOptions["trust proxy"], or requireHttps. */
export function proxyDeclared(settings: Readonly<Record<string, unknown>>): boolean {
  const options = settings.httpServerOptions;
  const trust =
    typeof options === "object" && options !== null ? (options as Record<string, unknown>)["trust proxy"] : undefined;
  const declared = trust !== undefined && trust !== false && trust !== 0 && trust !== "" && trust !== null;
  // requireHttps makes Node-RED's editor trust X-Forwarded-Proto.
  return declared || settings.requireHttps === true;
}

export function describeRequest(request: RequestInput, settings: Readonly<Record<string, unknown>>): RequestFacts {
  const headers =
    typeof request.headers === "object" && request.headers !== null
      ? (request.headers as Readonly<Record<string, unknown>>)
      : {};
  const present = PROXY_HEADERS.filter((name) => header(headers, name) !== undefined);
  const forwarded = header(headers, "forwarded");
  const parsed = forwarded === undefined ? {} : parseForwarded(forwarded);
  const proto =
    (header(headers, "x-forwarded-proto")?.split(",")[0]?.trim().toLowerCase() ?? parsed.proto) || undefined;
  const client =
    (header(headers, "x-forwarded-for")?.split(",")[0]?.trim() ?? parsed.for ?? header(headers, "x-real-ip")) ||
    undefined;
  const remote = typeof request.remoteAddress === "string" ? request.remoteAddress : "";
  return {
    remote,
    remoteClass: classifyAddress(remote),
    encrypted: request.encrypted,
    proxyHeaders: present,
    ...(proto === undefined ? {} : { forwardedProto: proto }),
    ...(client === undefined ? {} : { forwardedFor: client, forwardedForClass: classifyAddress(client) }),
    proxyDeclared: proxyDeclared(settings),
  };
}

export function describeExposure(
  listen: ListenFacts,
  interfaces: unknown,
  request: RequestFacts | undefined,
): ExposureFacts {
  const withRequest = request === undefined ? {} : { request };
  if (listen.source === "server" && listen.port === 0 && isIP(listen.host) === 0) {
    // A unix socket or pipe: only processes on this machine can connect.
    return { addresses: [], enumerated: true, socket: listen.host, ...withRequest };
  }
  return { ...listenAddresses(listen.host, interfaces), ...withRequest };
}
