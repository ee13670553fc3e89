// The list that guards the editor's own login (security.adminAuth) keeps an enabled admin with a
// password: a change in the dialog that would leave none is undone, with a message.
import { quietly, getJson } from "./request";
import { rowData, rows, splitRoles } from "./rows";
import type { DialogState, EditorGuard } from "./state";

function isEditorAdmin(state: DialogState, guard: EditorGuard, row: JQuery): boolean {
  const id = (rowData(row) as { id?: string } | undefined)?.id ?? "";
  return (
    row.find(".nrs-user-enabled").prop("checked") === true &&
    !!state.passwords[id] &&
    splitRoles(row.find(".nrs-user-roles").val()).some((r) => guard.adminRoles.includes(r))
  );
}

/** When this list guards the editor and no admin would be left, runs `undo` and says why. */
export function keepEditorAdmin(state: DialogState, undo: () => void): void {
  const guard = state.editorGuard;
  if (!guard) return;
  if (rows(state).some((row) => isEditorAdmin(state, guard, row))) return;
  undo();
  state.RED.notify(state.t("editorGuard.lastAdmin", { roles: guard.adminRoles.join(", ") }), "warning");
}

/** Asks whether this list guards the editor, and undoes unchecking or re-roling its last admin. */
export function watchEditorAdmin(state: DialogState): void {
  quietly(
    getJson<EditorGuard | null>("auth-users/editor-guard").then((guard) => {
      if (guard && guard.usersId === state.node.id) state.editorGuard = guard;
    }),
  );
  state.list
    .on("change", ".nrs-user-enabled", (e) => {
      const box = $(e.currentTarget as HTMLElement);
      if (box.prop("checked") === true) return;
      keepEditorAdmin(state, () => box.prop("checked", true));
    })
    .on("focus", ".nrs-user-roles", (e) => {
      const input = $(e.currentTarget as HTMLElement);
      input.data("nrsRoles", String(input.val() ?? ""));
    })
    .on("change", ".nrs-user-roles", (e) => {
      const input = $(e.currentTarget as HTMLElement);
      keepEditorAdmin(state, () => input.val(input.data("nrsRoles") as string));
    });
}
