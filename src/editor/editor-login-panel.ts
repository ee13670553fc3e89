// The settings fixes of the Security tab, shown inside their findings: "Turn on the editor login" on
// NRS-ADMIN-001 and the weak adminAuth findings (a deployed auth-users list, or a new user name and
// password), and the one-line settings: credentialSecret, uiHost, the palette's limits, and where to
// change a wildcard httpNodeCors. Each edit shows the diff of settings.js and how to restart; the tab
// scans again once Node-RED answers after the restart.
import type { Finding } from "../audit/types";
import type { Translate } from "./i18n";
import { type RestartAnswer, restartText } from "./restart-text";
import { errorText, h, injectStyles } from "./render";

export const EDITOR_LOGIN_URL = "security/editor-login";
export const SETTINGS_FIX_URL = "security/settings-fix";

/** The findings whose fix is the editor login: none, plaintext, cheap or common passwords. */
export const EDITOR_LOGIN_FINDINGS: readonly string[] = [
  "NRS-ADMIN-001",
  "NRS-ADMIN-002",
  "NRS-ADMIN-003",
  "NRS-ADMIN-004",
];

type Request = <T>(method: "GET" | "POST", url: string, body?: unknown) => Promise<T>;

interface EditorLoginInfo {
  adminAuth: "none" | "set";
  lists: { id: string; name: string; admins: number }[];
  minPassword: number;
  requestLocal: boolean;
}

interface EditAnswer {
  diff: string;
  backup: string;
  restart: RestartAnswer;
  usersFile?: string | null;
  maskedSecret?: string;
}

/** How often, and how long, the panel asks whether Node-RED is back after the restart. */
const WATCH_EVERY_MS = 3000;
const WATCH_FOR_MS = 15 * 60_000;

const STYLES = `
.nrs-settings-fix input[type="password"], .nrs-settings-fix select { display: block; width: 100%; box-sizing: border-box; margin: 4px 0; }
.nrs-settings-fix .nrs-login-form > label { display: block; margin: 6px 0; }
.nrs-settings-fix button.nrs-login-on { margin: 6px 0; }
`;

export class EditorLoginPanel {
  private watching = false;

  constructor(
    private readonly t: Translate,
    private readonly request: Request,
    /** Scans again (the tab's report and grade). */
    private readonly rescan: () => void,
    /** The editor's language, sent as ?lang= so a refused edit is explained in it. */
    private readonly lang: () => string = () => "en-US",
  ) {
    injectStyles("nrs-settings-fix-styles", STYLES);
  }

  private inLanguage(url: string): string {
    return `${url}?lang=${encodeURIComponent(this.lang())}`;
  }

  private tx(key: string, options?: Record<string, string>): string {
    return this.t(`editorLogin.${key}`, options);
  }

  actionsFor(f: Finding): HTMLElement | null {
    if (f.severity === "pass") return null;
    if (EDITOR_LOGIN_FINDINGS.includes(f.id)) return this.editorLogin();
    if (f.id === "NRS-SECRET-002") return this.oneLine("credential-secret", "secretHelp", "secretButton");
    if (f.id === "NRS-EDITOR-002") return this.oneLine("palette-limits", "paletteHelp", "paletteButton");
    if (f.id === "NRS-HTTP-004") return this.oneLine("cors", "corsHelp", "corsButton");
    if (f.id === "NRS-NET-001") return this.uiHost();
    return null;
  }

  private box(children: (HTMLElement | string)[]): HTMLElement {
    return h("div", { class: "nrs-https nrs-settings-fix" }, children);
  }

  private result(answer: EditAnswer): HTMLElement {
    return h("div", { class: "nrs-https-result nrs-fix-result" }, [
      h("p", {}, [this.tx("changed", { backup: answer.backup })]),
      h("pre", { class: "nrs-https-diff nrs-fix-diff" }, [answer.diff]),
      answer.usersFile ? h("p", {}, [this.tx("usersFile", { file: answer.usersFile })]) : null,
      answer.maskedSecret
        ? h("p", { class: "nrs-fix-secret" }, [this.tx("secretWritten", { secret: answer.maskedSecret })])
        : null,
      h("p", { class: "nrs-fix-restart" }, [this.tx("restart"), " ", restartText(this.t, answer.restart)]),
      answer.restart.command ? h("pre", { class: "nrs-https-command" }, [answer.restart.command]) : null,
      h("p", { class: "nrs-fix-recheck" }, [this.tx("recheck")]),
    ]);
  }

  private failure(err: unknown): HTMLElement {
    return h("p", { class: "nrs-error" }, [this.tx("failed", { error: errorText(err) })]);
  }

  /**
   * Asks until Node-RED has gone away and answers again, then scans (bounded in time). A restarted
   * Node-RED that now asks for the login answers 401: the page is reloaded, so the editor shows it.
   */
  private watchRestart(): void {
    if (this.watching) return;
    this.watching = true;
    const until = Date.now() + WATCH_FOR_MS;
    let wentAway = false;
    const tick = (): void => {
      if (Date.now() > until) {
        this.watching = false;
        return;
      }
      this.request<EditorLoginInfo>("GET", EDITOR_LOGIN_URL)
        .then(() => {
          if (wentAway) {
            this.watching = false;
            this.rescan();
            return;
          }
          setTimeout(tick, WATCH_EVERY_MS);
        })
        .catch((err: unknown) => {
          if ((err as { status?: unknown }).status === 401) {
            this.watching = false;
            window.location.reload();
            return;
          }
          wentAway = true;
          setTimeout(tick, WATCH_EVERY_MS);
        });
    };
    setTimeout(tick, WATCH_EVERY_MS);
  }

  private editorLogin(): HTMLElement {
    const body = h("div", {}, [this.tx("working")]);
    const box = this.box([h("h4", {}, [this.tx("title")]), body]);
    this.request<EditorLoginInfo>("GET", EDITOR_LOGIN_URL)
      .then((info) => body.replaceChildren(this.editorLoginForm(info)))
      .catch((err: unknown) => body.replaceChildren(this.failure(err)));
    return box;
  }

  private editorLoginForm(info: EditorLoginInfo): HTMLElement {
    const usable = info.lists.filter((l) => l.admins > 0);
    const choice = h("select", { class: "nrs-login-source", "aria-label": this.tx("source") }, [
      h("option", { value: "" }, [this.tx("newList")]),
      ...info.lists.map((l) =>
        h("option", { value: l.id, ...(l.admins > 0 ? {} : { disabled: "" }) }, [
          this.tx("existingList", { name: l.name, count: String(l.admins) }),
        ]),
      ),
    ]) as HTMLSelectElement;
    const input = (cls: string, type: string, label: string, autocomplete: string): HTMLInputElement =>
      h("input", {
        type,
        class: cls,
        placeholder: label,
        "aria-label": label,
        autocomplete,
        spellcheck: "false",
      }) as HTMLInputElement;
    const username = input("nrs-login-username", "text", this.tx("username"), "username");
    const password = input(
      "nrs-login-password",
      "password",
      this.tx("password", { min: String(info.minPassword) }),
      "new-password",
    );
    const newFields = h("div", { class: "nrs-login-new" }, [username, password]);
    const button = h("button", { type: "button", class: "red-ui-button nrs-login-on" }, [
      h("i", { class: "fa fa-user", "aria-hidden": "true" }),
      ` ${this.tx("turnOn")}`,
    ]);
    const out = h("div", { class: "nrs-https-out", role: "status" });
    choice.addEventListener("change", () => {
      newFields.hidden = choice.value !== "";
    });
    button.addEventListener("click", () => {
      button.setAttribute("disabled", "");
      out.replaceChildren(this.tx("working"));
      const payload =
        choice.value !== "" ? { list: choice.value } : { username: username.value, password: password.value };
      this.request<EditAnswer>("POST", this.inLanguage(EDITOR_LOGIN_URL), payload)
        .then((answer) => {
          password.value = "";
          out.replaceChildren(this.result(answer));
          this.watchRestart();
        })
        .catch((err: unknown) => {
          out.replaceChildren(this.failure(err));
          button.removeAttribute("disabled");
        });
    });
    return h("div", { class: "nrs-login-form" }, [
      h("p", {}, [this.tx(info.adminAuth === "set" ? "helpReplace" : "help")]),
      info.lists.length ? h("label", {}, [this.tx("source"), " ", choice]) : null,
      usable.length ? h("p", { class: "nrs-login-lists" }, [this.tx("listsHelp")]) : null,
      newFields,
      info.requestLocal ? null : h("p", { class: "nrs-login-remote" }, [this.tx("remote")]),
      button,
      out,
    ]);
  }

  private oneLine(fix: string, help: string, label: string): HTMLElement {
    const button = h("button", { type: "button", class: `red-ui-button red-ui-button-small nrs-fix-${fix}` }, [
      this.tx(label),
    ]);
    const out = h("div", { class: "nrs-https-out", role: "status" });
    button.addEventListener("click", () => {
      button.setAttribute("disabled", "");
      out.replaceChildren(this.tx("working"));
      this.request<EditAnswer>("POST", this.inLanguage(SETTINGS_FIX_URL), { fix })
        .then((answer) => {
          out.replaceChildren(this.result(answer));
          this.watchRestart();
        })
        .catch((err: unknown) => {
          // For httpNodeCors the answer is the line to change, not a failure.
          out.replaceChildren(fix === "cors" ? h("p", { class: "nrs-fix-line" }, [errorText(err)]) : this.failure(err));
          button.removeAttribute("disabled");
        });
    });
    return this.box([h("p", {}, [this.tx(help)]), button, out]);
  }

  private uiHost(): HTMLElement {
    const body = h("div", {}, [this.tx("working")]);
    this.request<EditorLoginInfo>("GET", EDITOR_LOGIN_URL)
      .then((info) =>
        body.replaceChildren(
          info.requestLocal
            ? this.oneLine("ui-host", "uiHostHelp", "uiHostButton")
            : h("p", { class: "nrs-fix-ui-host-remote" }, [this.tx("uiHostRemote")]),
        ),
      )
      .catch((err: unknown) => body.replaceChildren(this.failure(err)));
    return body;
  }
}
