// The auth-users dialog's API keys: listing them (never a key or its hash), making one for a user of
// the deployed list (the key is in that answer and nowhere else, ever), and revoking one.
import type { Request, Response } from "express";
import { type ApiKeyRecord, makeApiKey } from "../auth/api-keys";
import type { UsersContext } from "../auth/users-context";
import { saveCredentials, storedCredentials, USERS_TYPE } from "../runtime/users-credentials";
import { registry } from "../runtime/registry";
import {
  NODE_ID,
  type NodesRed,
  type TypePermissions,
  idParams,
  jsonBody,
  nodeIdOf,
  sendError,
  sendNoStoreJson,
} from "./routes";

const KEY_ID = /^[a-f0-9]{16}$/;

function liveContext(id: string): UsersContext | undefined {
  const ctx = registry().users.get(id)?.();
  return ctx instanceof Error ? undefined : ctx;
}

function optionalNumber<K extends string>(key: K, value: number | undefined): Partial<Record<K, number>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, number>);
}

/** A new key's record from the request, checked against the deployed list; undefined after a 400 answer. */
function newKey(req: Request, res: Response, ctx: UsersContext): { key: string; record: ApiKeyRecord } | undefined {
  const body = jsonBody(req);
  const username = typeof body.username === "string" ? body.username : "";
  const refuse = (message: string): undefined => {
    sendError(res, 400, "ERR_NRS_API_KEY", message);
    return undefined;
  };
  if (!ctx.users.find(username)) return refuse("No such user in this list");
  const name = typeof body.name === "string" ? body.name.trim().slice(0, 100) : "";
  if (!name) return refuse("Give the key a name, e.g. the device that uses it");
  const roles = Array.isArray(body.roles) ? body.roles.filter((r): r is string => typeof r === "string") : [];
  const days = body.expiresInDays;
  if (days !== undefined && (typeof days !== "number" || !(days > 0) || days > 3650)) {
    return refuse("expiresInDays must be a number of days from 1 to 3650");
  }
  const now = Date.now();
  return makeApiKey(username, name, roles, now, days === undefined ? undefined : now + days * 86_400_000);
}

export function registerApiKeysApi(RED: NodesRed, { read, write }: TypePermissions): void {
  const storedKeys = (id: string): ApiKeyRecord[] => storedCredentials(RED.nodes, id).apiKeys;
  const base = `/${USERS_TYPE}/:id/api-keys`;

  // Names, users, roles, dates — never a key or its hash.
  RED.httpAdmin.get(base, read, (req: Request, res: Response) => {
    const id = nodeIdOf(req, res);
    if (id === undefined) return;
    const live = liveContext(id)?.apiKeys;
    sendNoStoreJson(res, {
      keys: storedKeys(id).map((k) => ({
        id: k.id,
        username: k.username,
        name: k.name,
        roles: k.roles,
        createdAt: k.createdAt,
        ...(k.expiresAt === undefined ? {} : { expiresAt: k.expiresAt }),
        ...optionalNumber("lastUsedAt", live?.lastUsedAt(k.id)),
      })),
    });
  });

  RED.httpAdmin.post(base, write, (req: Request, res: Response) => {
    const id = nodeIdOf(req, res);
    if (id === undefined) return;
    const ctx = liveContext(id);
    if (!ctx) return sendError(res, 409, "ERR_NRS_NOT_DEPLOYED", "Deploy the users list before making API keys");
    const made = newKey(req, res, ctx);
    if (!made) return;
    void saveCredentials(RED.nodes, id, { apiKeys: [...storedKeys(id), made.record] });
    ctx.apiKeys?.add(made.record);
    sendNoStoreJson(res, { key: made.key, id: made.record.id });
  });

  // Refused at once, and for good once deployed.
  RED.httpAdmin.delete(`${base}/:keyId`, write, (req: Request, res: Response) => {
    const ids = idParams(req, res, { id: NODE_ID, keyId: KEY_ID });
    if (!ids) return;
    const before = storedKeys(ids.id);
    const after = before.filter((k) => k.id !== ids.keyId);
    const ctx = liveContext(ids.id);
    const live = ctx?.apiKeys?.revoke(ids.keyId) ?? false;
    if (after.length === before.length && !live) return sendError(res, 404, "ERR_NRS_API_KEY", "No such key");
    // Its websockets close, here and on the other instances of a shared store, which refuse it too.
    ctx?.keys?.end(ids.keyId);
    void saveCredentials(RED.nodes, ids.id, { apiKeys: after });
    sendNoStoreJson(res, { revoked: ids.keyId });
  });
}
