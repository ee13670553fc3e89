// The endpoints of the auth-users dialog, registered together under "<admin>/auth-users/…" with the
// node type's read and write permissions.
import { USERS_TYPE } from "../runtime/users-credentials";
import { registerApiKeysApi } from "./api-keys-api";
import { registerEditorGuardApi } from "./editor-guard-api";
import { registerImportApi } from "./import-api";
import { registerPasswordsApi } from "./passwords-api";
import { type NodesRed, typePermissions } from "./routes";
import { registerTotpApi } from "./totp-api";

export function registerUsersApi(RED: NodesRed): void {
  const permissions = typePermissions(RED, USERS_TYPE);
  registerTotpApi(RED, permissions);
  registerEditorGuardApi(RED, permissions.read, USERS_TYPE);
  registerPasswordsApi(RED, permissions);
  registerApiKeysApi(RED, permissions);
  registerImportApi(RED, permissions);
}
