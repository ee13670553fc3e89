// How this package's admin endpoints read requests and answer: node ids checked before anything else,
// JSON bodies read without trusting their shape, answers never cached, errors as { error, code } and
// never a stack.
import type { Request, RequestHandler, Response } from "express";
import type { RedApi, RedLog } from "../red-api";
import type { RedNodesApi } from "../node-red-types";
import { QueueFullError } from "../auth/work-queue";

/** What a node id (and a user id of a node's list) may look like. */
export const NODE_ID = /^[A-Za-z0-9._-]{1,64}$/;

export function sendNoStoreJson(res: Response, body: unknown): void {
  res.set("Cache-Control", "no-store").json(body);
}

export function sendError(res: Response, status: number, code: string, message: string): void {
  res.set("Cache-Control", "no-store").status(status).json({ error: message, code });
}

/** The route's `:id` when it is a node id; otherwise undefined, after a 400 ERR_NRS_NODE_ID answer. */
export function nodeIdOf(req: Request, res: Response): string | undefined {
  const id = String(req.params.id);
  if (NODE_ID.test(id)) return id;
  sendError(res, 400, "ERR_NRS_NODE_ID", "Invalid node id");
  return undefined;
}

/**
 * The named route parameters when each matches its pattern; otherwise undefined, after a 400
 * ERR_NRS_NODE_ID answer ("Invalid id": the node's or another one, e.g. a user's or a key's).
 */
export function idParams<K extends string>(
  req: Request,
  res: Response,
  patterns: Readonly<Record<K, RegExp>>,
): Record<K, string> | undefined {
  const found = {} as Record<K, string>;
  for (const name of Object.keys(patterns) as K[]) {
    const value = String(req.params[name]);
    if (!patterns[name].test(value)) {
      sendError(res, 400, "ERR_NRS_NODE_ID", "Invalid id");
      return undefined;
    }
    found[name] = value;
  }
  return found;
}

/** The request's JSON object body, or an empty one for anything else. */
export function jsonBody(req: Request): Record<string, unknown> {
  const b: unknown = req.body;
  return typeof b === "object" && b !== null && !Array.isArray(b) ? (b as Record<string, unknown>) : {};
}

/** 429 with Retry-After for a full work queue; false (nothing sent) for any other error. */
export function sendBusy(res: Response, err: unknown): boolean {
  if (!(err instanceof QueueFullError)) return false;
  res.set("Retry-After", String(err.retryAfterSeconds));
  sendError(res, 429, err.code, err.message);
  return true;
}

/** An unexpected failure: the details go to the log, the answer only says where to look. */
export function sendFailure(
  res: Response,
  log: RedLog,
  logLine: string,
  err: unknown,
  code: string,
  message: string,
): void {
  log.error(`${logLine}: ${err instanceof Error ? err.message : String(err)}`);
  sendError(res, 500, code, message);
}

/** The editor user behind a request, for the log lines of settings.js edits. */
export function who(req: Request): string {
  const user = (req as Request & { user?: { username?: unknown } }).user;
  return typeof user?.username === "string" ? user.username : "an editor user without a login (no adminAuth)";
}

/** The runtime API the endpoints of a node's dialog use. */
export type NodesRed = RedApi & { nodes: RedNodesApi };

/** Node-RED's permission checks of a node type's endpoints. */
export interface TypePermissions {
  /** "<type>.read" */
  readonly read: RequestHandler;
  /** "<type>.write" */
  readonly write: RequestHandler;
}

export function typePermissions(RED: RedApi, type: string): TypePermissions {
  return { read: RED.auth.needsPermission(`${type}.read`), write: RED.auth.needsPermission(`${type}.write`) };
}
