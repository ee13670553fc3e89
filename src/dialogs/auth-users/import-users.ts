// Importing users pasted from a settings.js adminAuth block into the auth-users dialog's list.
import { sendJson } from "./request";
import { type DialogState, type RowData, errorMessage } from "./state";

interface ImportAnswer {
  users?: RowData[];
  rejected?: { username?: string; reason: string }[];
  cheap?: string[];
}

async function importUsers(state: DialogState): Promise<void> {
  const { t } = state;
  const text = $("#nrs-users-import-text").val();
  try {
    const result = await sendJson<ImportAnswer>("POST", `${state.url}/import`, { text });
    const users = result.users ?? [];
    for (const user of users) {
      state.passwords[user.id] = { hasPassword: true };
      state.list.editableList("addItem", user);
    }
    state.passwordsChanged = true;
    const notes = [t("import.done", { count: users.length })];
    for (const r of result.rejected ?? []) {
      notes.push(t("import.rejected", { username: r.username || "?", reason: r.reason }));
    }
    if (result.cheap?.length) notes.push(t("import.cheap", { users: result.cheap.join(", ") }));
    $("#nrs-users-import-result").text(notes.join(" "));
    $("#nrs-users-import-text").val("");
  } catch (err) {
    $("#nrs-users-import-result").text(errorMessage(err));
  }
}

export function setUpImport(state: DialogState): void {
  $("#nrs-users-import-toggle").on("click", () => {
    $("#nrs-users-import").toggle();
  });
  $("#nrs-users-import-go").on("click", () => void importUsers(state));
}
