// Passwords in the auth-users dialog: each goes once to the server to be hashed; only "set" comes back.
import { DEFAULT_BCRYPT_COST } from "../../shared/validate";
import { getJson, quietly, sendJson } from "./request";
import { rowData, rows } from "./rows";
import { type DialogState, type PasswordState, errorMessage } from "./state";

interface PasswordsAnswer {
  users?: Record<string, PasswordState>;
  warnings?: Record<string, string[]>;
}

/** The row's password state: set, none, or `message` (a warning when `isWarning` or no password). */
export function showState(state: DialogState, row: JQuery, message?: string, isWarning?: boolean): void {
  const has = state.passwords[rowData(row).id]?.hasPassword === true;
  row
    .find(".nrs-user-state")
    .toggleClass("nrs-user-warning", !has || isWarning === true)
    .text(message || (has ? state.t("state.set") : state.t("state.none")));
}

/** Which users have a password, then each row says so. */
export function loadPasswords(state: DialogState): void {
  quietly(
    getJson<PasswordsAnswer>(`${state.url}/passwords`).then((result) => {
      state.passwords = result.users ?? {};
      for (const row of rows(state)) showState(state, row);
    }),
  );
}

/**
 * Sends a new password of user `id` to be hashed with the dialog's bcrypt cost; resolves with the
 * strength warnings. Nothing of the password stays in the dialog's state.
 */
export async function sendPassword(state: DialogState, id: string, password: string): Promise<string[]> {
  const cost = Number($("#node-config-input-cost").val()) || DEFAULT_BCRYPT_COST;
  const result = await sendJson<PasswordsAnswer>("POST", `${state.url}/passwords`, {
    set: { [id]: password },
    cost,
  });
  state.passwords = result.users ?? state.passwords;
  state.passwordsChanged = true;
  return result.warnings?.[id] ?? [];
}

/** The "Set" button (or Enter) of a row: hashes the typed password and says how it went. */
export async function setRowPassword(state: DialogState, row: JQuery): Promise<void> {
  const input = row.find(".nrs-user-password");
  const value = String(input.val() ?? "");
  if (!value) return;
  const button = row.find(".nrs-user-set").prop("disabled", true);
  showState(state, row, state.t("state.hashing"));
  try {
    const warnings = await sendPassword(state, rowData(row).id, value);
    input.val("");
    showState(
      state,
      row,
      warnings.length ? state.t("state.setWeak", { warnings: warnings.join(", ") }) : "",
      warnings.length > 0,
    );
  } catch (err) {
    showState(state, row, state.t("state.failed", { error: errorMessage(err) }), true);
  } finally {
    button.prop("disabled", false);
  }
}
