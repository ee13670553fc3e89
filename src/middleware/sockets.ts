// Answers for socket handshakes the guards refuse: ws's verifyClient callback, a raw upgrade socket,
// and socket.io's middleware error. Plain words, no stack, the status a client can act on.
import { STATUS_CODES } from "node:http";
import type { Duplex } from "node:stream";
import { type Denial, REASON_TEXT } from "../auth/decision";

/** Headers a refusal carries: a Basic challenge for 401, Retry-After when locked out or busy. */
export function refusalHeaders(denial: Denial, realm: string, basic: boolean): Record<string, string> {
  const headers: Record<string, string> = {};
  if (basic && (denial.status === 401 || denial.reason === "malformed")) {
    headers["WWW-Authenticate"] = `Basic realm="${realm.replace(/["\\]/g, "")}", charset="UTF-8"`;
  }
  if (denial.retryAfterSeconds !== undefined) headers["Retry-After"] = String(denial.retryAfterSeconds);
  return headers;
}

/** Writes a refusal on an upgrade socket that no websocket server has taken, then closes it. */
export function refuseUpgrade(socket: Duplex, status: number, message: string, headers: Record<string, string>): void {
  if (socket.destroyed) return;
  const body = JSON.stringify({ error: message });
  const lines = [
    `HTTP/1.1 ${String(status)} ${STATUS_CODES[status] ?? "Refused"}`,
    "Connection: close",
    "Cache-Control: no-store",
    "Content-Type: application/json; charset=utf-8",
    `Content-Length: ${String(Buffer.byteLength(body))}`,
    ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`),
  ];
  socket.end(`${lines.join("\r\n")}\r\n\r\n${body}`);
  setTimeout(() => socket.destroy(), 1000).unref();
}

/** The error socket.io hands to a refused client as `connect_error` (message and data). */
export function socketIoError(denial: Denial): Error & { data: { status: number; reason: string } } {
  const err = new Error(REASON_TEXT[denial.reason]) as Error & { data: { status: number; reason: string } };
  err.data = { status: denial.status, reason: denial.reason };
  return err;
}
