// The auth-users dialog's import: users from an adminAuth-style list of bcrypt hashes (pasted from a
// settings.js). The hashes go into the node's credentials; the answer names the users, never a hash.
import { randomBytes } from "node:crypto";
import type { Request, Response } from "express";
import { MIN_BCRYPT_COST } from "../shared/validate";
import { classifyHash } from "../auth/password-hash";
import { parseUserImport } from "../auth/import-users";
import { saveCredentials, storedCredentials, USERS_TYPE } from "../runtime/users-credentials";
import { type NodesRed, type TypePermissions, nodeIdOf, sendError, sendNoStoreJson } from "./routes";

export function registerImportApi(RED: NodesRed, { write }: TypePermissions): void {
  RED.httpAdmin.post(`/${USERS_TYPE}/:id/import`, write, (req: Request, res: Response) => {
    const id = nodeIdOf(req, res);
    if (id === undefined) return;
    const text = (req.body as { text?: unknown } | undefined)?.text;
    if (typeof text !== "string" || text.length > 100_000) {
      return sendError(res, 400, "ERR_NRS_IMPORT", "Paste the adminAuth users list as text");
    }
    const parsed = parseUserImport(text);
    if (parsed instanceof Error) return sendError(res, 400, "ERR_NRS_IMPORT", parsed.message);
    const { hashes } = storedCredentials(RED.nodes, id);
    const users = parsed.accepted.map((u) => {
      const userId = randomBytes(8).toString("hex");
      hashes[userId] = u.hash;
      return { id: userId, username: u.username, roles: u.roles, enabled: true };
    });
    void saveCredentials(RED.nodes, id, { hashes });
    const cheap = parsed.accepted
      .filter((u) => (classifyHash(u.hash).cost ?? 0) < MIN_BCRYPT_COST)
      .map((u) => u.username);
    sendNoStoreJson(res, { users, rejected: parsed.rejected, cheap });
  });
}
