// The auth-users dialog's list of users: one row per user (name, roles, enabled, password), with
// duplicate names marked while typing.
import { userName } from "../../shared/validate";
import { keepEditorAdmin } from "./editor-guard";
import { setRowPassword, showState } from "./passwords";
import type { DialogState, RowData } from "./state";

/** Two users with one name cannot both log in: mark them (and nameless ones) while typing. */
export function markDuplicates(state: DialogState): void {
  const inputs = $("#node-config-input-accounts-list .nrs-user-name")
    .toArray()
    .map((el) => $(el));
  const counts = new Map<string, number>();
  for (const input of inputs) {
    const name = userName(input.val());
    counts.set(name, (counts.get(name) ?? 0) + 1);
  }
  for (const input of inputs) {
    const name = userName(input.val());
    const duplicate = (counts.get(name) ?? 0) > 1;
    input
      .toggleClass("input-error", !name || duplicate)
      .attr("title", !name ? state.t("state.noName") : duplicate ? state.t("state.duplicate") : "");
  }
}

function textInput(className: string, placeholder: string, value: string): JQuery {
  return $(`<input type="text" class="${className}">`)
    .attr("placeholder", placeholder)
    .css({ flex: "1 1 110px", width: "auto" })
    .val(value);
}

function addRow(state: DialogState, row: JQuery, data: RowData): void {
  const { t } = state;
  if (!data.id) data.id = state.RED.nodes.id();
  if (!Array.isArray(data.roles)) data.roles = [];
  row.css({ display: "flex", "flex-wrap": "wrap", gap: "4px", "align-items": "center" });
  textInput("nrs-user-name", t("placeholder.username"), data.username ?? "")
    .attr({ autocomplete: "off", spellcheck: "false" })
    .on("input", () => markDuplicates(state))
    .appendTo(row);
  textInput("nrs-user-roles", t("placeholder.roles"), data.roles.join(", ")).appendTo(row);
  const enabled = $("<label>").css({ width: "auto", margin: "0 4px" });
  $('<input type="checkbox" class="nrs-user-enabled">')
    .css({ width: "auto", margin: "0 4px 0 0" })
    .prop("checked", data.enabled !== false)
    .appendTo(enabled);
  enabled.append(document.createTextNode(t("label.enabled"))).appendTo(row);
  const password = $('<input type="password" class="nrs-user-password" autocomplete="new-password">')
    .attr("placeholder", t("placeholder.password"))
    .css({ flex: "1 1 140px", width: "auto" })
    .appendTo(row);
  $('<button type="button" class="red-ui-button nrs-user-set">')
    .text(t("label.setPassword"))
    .on("click", () => void setRowPassword(state, row))
    .appendTo(row);
  password.on("keydown", (e) => {
    if (e.key === "Enter") {
      e.preventDefault();
      void setRowPassword(state, row);
    }
  });
  $('<div class="nrs-user-state">').css({ flex: "1 1 100%", "font-size": "12px" }).appendTo(row);
  showState(state, row);
  markDuplicates(state);
}

/** Makes the list and fills it with the node's users (copies: the node changes only on Done). */
export function createUsersList(state: DialogState): void {
  state.list.editableList<RowData>({
    addButton: state.t("label.addUser"),
    removable: true,
    sortable: true,
    height: 260,
    addItem: (row, _index, data) => addRow(state, row, data),
    removeItem: (data) => {
      markDuplicates(state);
      keepEditorAdmin(state, () => state.list.editableList("addItem", data));
    },
  });
  const accounts = Array.isArray(state.node.accounts) ? (state.node.accounts as unknown[]) : [];
  for (const account of accounts) state.list.editableList("addItem", $.extend(true, {}, account));
}
