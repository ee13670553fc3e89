// How this package's admin endpoints answer: never cached, errors as { error, code }, never a stack.
import type { Response } from "express";

export function sendNoStoreJson(res: Response, body: unknown): void {
  res.set("Cache-Control", "no-store").json(body);
}

export function sendError(res: Response, status: number, code: string, message: string): void {
  res.set("Cache-Control", "no-store").status(status).json({ error: message, code });
}
