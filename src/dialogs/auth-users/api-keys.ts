// API keys for devices in the auth-users dialog: made on the server and shown once; the list never
// holds a key.
import { getJson, quietly, request, sendJson } from "./request";
import { rowName, rows, splitRoles } from "./rows";
import { type DialogState, errorMessage } from "./state";

interface KeySummary {
  id: string;
  name: string;
  username: string;
  roles: string[];
  expiresAt?: number | null;
  lastUsedAt?: number | null;
}

function when(state: DialogState, ms: number | null | undefined): string {
  return ms ? new Date(ms).toLocaleString() : state.t("keys.never");
}

function keyRow(state: DialogState, key: KeySummary): JQuery {
  const { t } = state;
  const row = $("<tr>").attr("data-key", key.id);
  $("<td>").text(key.name).appendTo(row);
  $("<td>").text(key.username).appendTo(row);
  $("<td>")
    .text(key.roles.length ? key.roles.join(", ") : t("keys.allRoles"))
    .appendTo(row);
  $("<td>")
    .text(key.expiresAt ? when(state, key.expiresAt) : t("keys.noExpiry"))
    .appendTo(row);
  $("<td>").text(when(state, key.lastUsedAt)).appendTo(row);
  $('<button type="button" class="red-ui-button red-ui-button-small nrs-key-revoke">')
    .text(t("keys.revoke"))
    .on("click", () => {
      const revoke = request({ url: `${state.url}/api-keys/${encodeURIComponent(key.id)}`, method: "DELETE" });
      void revoke.catch(() => undefined).then(() => loadKeys(state));
    })
    .appendTo($("<td>").appendTo(row));
  return row;
}

function loadKeys(state: DialogState): void {
  quietly(
    getJson<{ keys?: KeySummary[] }>(`${state.url}/api-keys`).then((result) => {
      const keys = result.keys ?? [];
      const body = $("#nrs-keys-list").empty();
      for (const key of keys) keyRow(state, key).appendTo(body);
      $("#nrs-keys-empty").toggle(!keys.length);
    }),
  );
}

async function makeKey(state: DialogState): Promise<void> {
  const days = Number($("#nrs-keys-days").val());
  const body: Record<string, unknown> = {
    username: $("#nrs-keys-user").val(),
    name: $("#nrs-keys-name").val(),
    roles: splitRoles($("#nrs-keys-roles").val()),
  };
  if (days > 0) body.expiresInDays = days;
  $("#nrs-keys-made").hide();
  $("#nrs-keys-message").text("");
  try {
    const result = await sendJson<{ key: string }>("POST", `${state.url}/api-keys`, body, false);
    $("#nrs-keys-made-value").val(result.key);
    $("#nrs-keys-made").show();
    $("#nrs-keys-name").val("");
    loadKeys(state);
  } catch (err) {
    $("#nrs-keys-message").text(errorMessage(err));
  }
}

export function setUpApiKeys(state: DialogState): void {
  $("#nrs-keys-toggle").on("click", () => {
    const names = $("#nrs-keys-user").empty();
    for (const row of rows(state)) {
      const name = rowName(row);
      if (name) $("<option>").val(name).text(name).appendTo(names);
    }
    $("#nrs-keys").toggle();
    loadKeys(state);
  });
  $("#nrs-keys-make").on("click", () => void makeKey(state));
}
