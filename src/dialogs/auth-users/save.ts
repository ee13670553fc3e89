// Done in the auth-users dialog: the list goes into the node, and what the server keeps beside it
// (hashes, second factors) follows; a request that fails says so instead of passing unnoticed.
import { request, sendJson } from "./request";
import { readRow, rows } from "./rows";
import { type DialogState, accountIds, errorMessage } from "./state";
import { sendPassword } from "./passwords";

function notifyFailure(state: DialogState, work: Promise<unknown>): void {
  work.catch((err: unknown) => {
    state.RED.notify(state.t("state.saveFailed", { error: errorMessage(err) }), "error");
  });
}

/** Hashes and second factors of users removed from the list leave the server's keeping too. */
function forgetRemoved(state: DialogState, removed: string[]): void {
  if (removed.length) {
    notifyFailure(state, sendJson("POST", `${state.url}/passwords`, { remove: removed }, false));
  }
  for (const id of removed) {
    if (!state.totpUsers[id]) continue;
    notifyFailure(state, request({ url: `${state.url}/totp/${encodeURIComponent(id)}`, method: "DELETE" }));
    state.totpChanged = true;
  }
}

/** Passwords typed without pressing "Set" are hashed now; they apply at the next deploy. */
function sendUnsent(state: DialogState, unsent: { id: string; password: string }[]): void {
  for (const { id, password } of unsent) {
    sendPassword(state, id, password).then(
      () => state.RED.notify(state.t("state.savedOnDone"), "success"),
      (err: unknown) => state.RED.notify(state.t("state.failed", { error: errorMessage(err) }), "error"),
    );
  }
}

export function saveDialog(state: DialogState): void {
  const { node } = state;
  const list = rows(state);
  const users = list.map(readRow);
  const unsent = list
    .map((row, i) => ({ id: users[i]?.id ?? "", password: String(row.find(".nrs-user-password").val() ?? "") }))
    .filter((u) => u.password !== "");
  const kept = new Set(users.map((u) => u.id));
  const before = Array.isArray(node.accounts) ? (node.accounts as unknown[]) : [];
  forgetRemoved(
    state,
    accountIds(before).filter((id) => !kept.has(id)),
  );
  node.accounts = users;
  sendUnsent(state, unsent);
  // Bumping rev marks the node changed, so Deploy re-creates it with the new credentials.
  if (state.passwordsChanged || state.totpChanged || unsent.length) {
    node.rev = (Number(node.rev) || 0) + 1;
  }
}
