// Reading the users list's rows: the account each row stands for, as the node stores it.
import { userName } from "../../shared/validate";
import type { Account, DialogState, RowData } from "./state";

export function rows(state: DialogState): JQuery[] {
  return state.list
    .editableList("items")
    .toArray()
    .map((el) => $(el));
}

export function rowData(row: JQuery): RowData {
  return row.data("data") as RowData;
}

/** The user name typed into a row, as it will be stored. */
export function rowName(row: JQuery): string {
  return userName(row.find(".nrs-user-name").val());
}

/** "a, b,,c " → ["a", "b", "c"]. */
export function splitRoles(text: unknown): string[] {
  return (typeof text === "string" ? text : "")
    .split(",")
    .map((r) => r.trim())
    .filter((r) => r.length > 0);
}

export function readRow(row: JQuery): Account {
  return {
    id: rowData(row).id,
    username: rowName(row),
    roles: splitRoles(row.find(".nrs-user-roles").val()),
    enabled: row.find(".nrs-user-enabled").prop("checked") as boolean,
  };
}
