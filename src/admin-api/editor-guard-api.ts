// GET <admin>/auth-users/editor-guard: which users list guards the editor, so the auth-users dialog can
// refuse to remove, disable or demote its last admin. { usersId, adminRoles }, or {} when none does.
import type { Request, RequestHandler, Response } from "express";
import { editorGuard } from "../admin-auth/editor-guard";
import { type NodesRed, sendNoStoreJson } from "./routes";

export function registerEditorGuardApi(RED: Pick<NodesRed, "httpAdmin">, read: RequestHandler, base: string): void {
  RED.httpAdmin.get(`/${base}/editor-guard`, read, (_req: Request, res: Response) => {
    const guard = editorGuard();
    sendNoStoreJson(res, guard ? { usersId: guard.usersId, adminRoles: guard.adminRoles } : {});
  });
}
