// Reads a small application/x-www-form-urlencoded body (the login form) with a hard size limit.
import type { IncomingMessage } from "node:http";

export const MAX_FORM_BYTES = 8 * 1024;

export type FormResult =
  | { readonly ok: true; readonly fields: ReadonlyMap<string, string> }
  | { readonly ok: false; readonly status: 400 | 413 | 415; readonly reason: string };

export function readForm(req: IncomingMessage & { body?: unknown }): Promise<FormResult> {
  const type = (req.headers["content-type"] ?? "").split(";")[0]?.trim().toLowerCase();
  if (type !== "application/x-www-form-urlencoded") {
    return Promise.resolve({ ok: false, status: 415, reason: "the login form must be sent as a form" });
  }
  // A body parser that ran before us already consumed the stream: use what it found.
  if (req.body && typeof req.body === "object" && !Buffer.isBuffer(req.body)) {
    const fields = new Map<string, string>();
    for (const [k, v] of Object.entries(req.body as Record<string, unknown>)) {
      if (typeof v === "string") fields.set(k, v);
    }
    return Promise.resolve({ ok: true, fields });
  }
  const declared = Number(req.headers["content-length"] ?? 0);
  if (declared > MAX_FORM_BYTES) return Promise.resolve({ ok: false, status: 413, reason: "the form is too large" });
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const finish = (result: FormResult): void => {
      if (settled) return;
      settled = true;
      resolve(result);
    };
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_FORM_BYTES) {
        finish({ ok: false, status: 413, reason: "the form is too large" });
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => {
      const text = Buffer.concat(chunks).toString("utf8");
      const fields = new Map<string, string>();
      try {
        for (const [k, v] of new URLSearchParams(text)) if (!fields.has(k)) fields.set(k, v);
      } catch {
        finish({ ok: false, status: 400, reason: "the form could not be read" });
        return;
      }
      finish({ ok: true, fields });
    });
    req.on("error", () => finish({ ok: false, status: 400, reason: "the form could not be read" }));
    req.on("close", () => finish({ ok: false, status: 400, reason: "the form was not received" }));
  });
}
