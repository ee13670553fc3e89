// Second factor in the auth-users dialog: the server makes the secret and shows it once; it is saved
// only after a code from the app confirms it. Like passwords, it applies when the list is deployed.
import { getJson, quietly, request, sendJson } from "./request";
import { rowData, rowName, rows } from "./rows";
import { type DialogState, type TotpUser, errorMessage } from "./state";

interface QrBundle {
  qrSvg(text: string): string;
}

function showError(err: unknown): void {
  $("#nrs-totp-message").text(errorMessage(err));
}

function showRecoveryCodes(codes: string[] | undefined): void {
  $("#nrs-totp-codes-list").text((codes ?? []).join("\n"));
  $("#nrs-totp-codes").show();
}

/** The secret is shown once: nothing of it stays on the page. */
function closeSetup(state: DialogState): void {
  state.totpSetup = null;
  $("#nrs-totp-qr").empty();
  $("#nrs-totp-uri, #nrs-totp-secret, #nrs-totp-code").val("");
  $("#nrs-totp-setup").hide();
}

function button(className: string, label: string, onClick: () => void): JQuery {
  return $(`<button type="button" class="red-ui-button red-ui-button-small ${className}">`)
    .text(label)
    .on("click", onClick);
}

function enrolledActions(state: DialogState, id: string, actions: JQuery): void {
  const userUrl = `${state.url}/totp/${encodeURIComponent(id)}`;
  button("nrs-totp-new-codes", state.t("totp.newCodes"), () => {
    $("#nrs-totp-message").text("");
    request<{ recoveryCodes?: string[] }>({ url: `${userUrl}/recovery`, method: "POST" }).then((result) => {
      state.totpChanged = true;
      showRecoveryCodes(result.recoveryCodes);
      loadTotp(state);
    }, showError);
  }).appendTo(actions);
  button("nrs-totp-remove", state.t("totp.remove"), () => {
    $("#nrs-totp-message").text("");
    request({ url: userUrl, method: "DELETE" })
      .then(() => {
        state.totpChanged = true;
      }, showError)
      .finally(() => loadTotp(state));
  })
    .css({ "margin-left": "4px" })
    .appendTo(actions);
}

function renderTotp(state: DialogState): void {
  const { t } = state;
  const body = $("#nrs-totp-list").empty();
  for (const user of rows(state)) {
    const { id } = rowData(user);
    const name = rowName(user);
    const row = $('<tr class="nrs-totp-user">').attr("data-user", id).appendTo(body);
    $("<td>")
      .text(name || "?")
      .appendTo(row);
    const cell = $('<td class="nrs-totp-state">').appendTo(row);
    const actions = $("<td>").appendTo(row);
    const enrolled: TotpUser | undefined = state.totpUsers[id];
    if (!state.savedIds.has(id)) {
      cell.addClass("nrs-user-state").text(t("totp.deployFirst"));
    } else if (enrolled) {
      const date = new Date(enrolled.enrolledAt).toLocaleDateString();
      cell.text(t("totp.on", { date, left: enrolled.recoveryLeft }));
      enrolledActions(state, id, actions);
    } else {
      cell.addClass("nrs-user-state").text(t("totp.off"));
      button("nrs-totp-setup", t("totp.setUp"), () => void startTotp(state, id, name)).appendTo(actions);
    }
  }
}

function loadTotp(state: DialogState): void {
  quietly(
    getJson<{ users?: Record<string, TotpUser> }>(`${state.url}/totp`).then((result) => {
      state.totpUsers = result.users ?? {};
      renderTotp(state);
    }),
  );
}

async function startTotp(state: DialogState, userId: string, username: string): Promise<void> {
  closeSetup(state);
  $("#nrs-totp-codes").hide();
  $("#nrs-totp-message").text("");
  try {
    const url = `${state.url}/totp/${encodeURIComponent(userId)}/start`;
    const result = await sendJson<{ uri: string; secret: string }>("POST", url, { username });
    state.totpSetup = userId;
    const qr = (window as { NodeRedContribSecurityQr?: QrBundle }).NodeRedContribSecurityQr;
    // Markup made from the URI's modules only; no user text goes into it.
    if (qr) $("#nrs-totp-qr").html(qr.qrSvg(result.uri));
    $("#nrs-totp-for").text(state.t("totp.scan", { username }));
    $("#nrs-totp-uri").val(result.uri);
    // Groups of four are easier to type into an app by hand; apps ignore the spaces.
    $("#nrs-totp-secret").val(result.secret.replace(/(.{4})(?=.)/g, "$1 "));
    $("#nrs-totp-setup").show();
    $("#nrs-totp-code").trigger("focus");
  } catch (err) {
    showError(err);
  }
}

async function confirmTotp(state: DialogState): Promise<void> {
  const userId = state.totpSetup;
  if (!userId) return;
  $("#nrs-totp-message").text("");
  $("#nrs-totp-confirm").prop("disabled", true);
  try {
    const url = `${state.url}/totp/${encodeURIComponent(userId)}/confirm`;
    const code = String($("#nrs-totp-code").val() ?? "");
    const result = await sendJson<{ recoveryCodes?: string[] }>("POST", url, { code });
    state.totpChanged = true;
    closeSetup(state);
    showRecoveryCodes(result.recoveryCodes);
    loadTotp(state);
  } catch (err) {
    $("#nrs-totp-code").val("");
    showError(err);
    // Too many wrong codes: the server dropped the secret, so this one cannot be confirmed.
    const failure = err as { status?: number; code?: string };
    if (failure.status === 409 || failure.code === "ERR_NRS_TOTP_TOO_MANY") closeSetup(state);
  } finally {
    $("#nrs-totp-confirm").prop("disabled", false);
  }
}

export function setUpTotp(state: DialogState): void {
  $("#nrs-totp-toggle").on("click", () => {
    $("#nrs-totp").toggle();
    if ($("#nrs-totp").is(":visible")) loadTotp(state);
  });
  $("#nrs-totp-confirm").on("click", () => void confirmTotp(state));
  $("#nrs-totp-code").on("keydown", (e) => {
    if (e.key === "Enter") {
      e.preventDefault();
      void confirmTotp(state);
    }
  });
  $("#nrs-totp-cancel").on("click", () => closeSetup(state));
  $("#nrs-totp-codes-done").on("click", () => {
    $("#nrs-totp-codes-list").text("");
    $("#nrs-totp-codes").hide();
  });
}
