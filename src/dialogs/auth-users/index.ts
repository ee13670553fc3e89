// Entry of the auth-users dialog's browser bundle (resources/auth-users-dialog.js): the node's .html
// calls window.NodeRedContribSecurityAuthUsers.prepare/save/cancel from oneditprepare/-save/-cancel.
import { setUpApiKeys } from "./api-keys";
import { watchEditorAdmin } from "./editor-guard";
import { setUpImport } from "./import-users";
import { loadPasswords } from "./passwords";
export { watchLateSaves } from "./late-save";
import { saveDialog } from "./save";
import { type DialogRed, type UsersNode, closeDialog, openDialog } from "./state";
import { setUpTotp } from "./totp";
import { createUsersList } from "./users-list";

/** oneditprepare: fills the dialog from the node and wires its parts. */
export function prepare(RED: DialogRed, node: UsersNode): void {
  const store = $("#node-config-input-store");
  // Lists made before the store setting existed keep their sessions in memory.
  if (!store.val()) store.val("memory");
  // The Redis fields matter only when the store is Redis.
  store.on("change", () => $(".nrs-store-redis").toggle(store.val() === "redis")).trigger("change");
  const state = openDialog(RED, node);
  createUsersList(state);
  watchEditorAdmin(state);
  loadPasswords(state);
  setUpApiKeys(state);
  setUpTotp(state);
  setUpImport(state);
}

/** oneditsave: writes the users into the node and sends what changed beside them. */
export function save(node: UsersNode): void {
  const state = closeDialog(node, true);
  if (state) saveDialog(state);
}

/** oneditcancel: the dialog's state goes with it; passwords it already sent count at the next Done. */
export function cancel(node: UsersNode): void {
  closeDialog(node, false);
}
