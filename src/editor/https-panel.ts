// The HTTPS section of the Security tab, shown inside NRS-TLS-001: "Turn on HTTPS" (the package's own
// certificate, or your files checked first), the diff of settings.js and how to restart, the authority's
// certificate to download with a short guide per device, and requireHttps once this page is on HTTPS.
import type { Finding } from "../audit/types";
import type { Translate } from "./i18n";
import { type RestartAnswer, restartText } from "./restart-text";
import { errorText, h, injectStyles, inline } from "./render";

export const HTTPS_URL = "security/https";
const CA_URL = "security/https/ca.crt";

type Request = <T>(method: "GET" | "POST", url: string, body?: unknown) => Promise<T>;

interface HttpsInfo {
  setting: "none" | "package" | "other";
  requestSecure: boolean;
  requireHttps: boolean;
  status: { state: "on" | "off"; reason?: string } | null;
  ca: { subject: string; validTo: string; fingerprint256: string } | null;
  restart: RestartAnswer;
}

interface EditAnswer {
  diff: string;
  backup: string;
  restart: RestartAnswer;
}

/** The per-device guides to trust the authority, in this order; their texts are "https.guide.<id>.*". */
const GUIDES = ["ios", "android", "windows", "macos", "linux"] as const;

const STYLES = `
.nrs-https { margin: 10px 0; padding: 8px; border: 1px solid var(--red-ui-secondary-border-color, #ddd); border-radius: 4px; }
.nrs-https input[type="text"] { display: block; width: 100%; box-sizing: border-box; margin: 4px 0; }
.nrs-https pre { white-space: pre; overflow-x: auto; font-size: 11px; max-height: 240px; }
.nrs-https-row { margin: 6px 0; display: flex; gap: 6px; }
.nrs-https-fingerprint { display: block; word-break: break-all; font-size: 10px; }
.nrs-https-guide summary, .nrs-https-own summary { cursor: pointer; }
`;

export class HttpsPanel {
  constructor(
    private readonly t: Translate,
    private readonly request: Request,
    /** The editor's language, sent as ?lang= so the server's messages come back in it. */
    private readonly lang: () => string = () => "en-US",
  ) {
    injectStyles("nrs-https-styles", STYLES);
  }

  /** A text of the sidebar's catalogue ("https.<key>" in plugins/locales/<lang>/security-sidebar.json). */
  private tx(key: string, options?: Record<string, string>): string {
    return this.t(`https.${key}`, options);
  }

  /** An admin URL of the HTTPS routes, asking for the server's messages in the editor's language. */
  private url(path: string): string {
    return `${path}?lang=${encodeURIComponent(this.lang())}`;
  }

  /** The HTTPS section for NRS-TLS-001's body; nothing for other findings. */
  actionsFor(f: Finding): HTMLElement | null {
    if (f.id !== "NRS-TLS-001") return null;
    const box = h("div", { class: "nrs-https" }, [h("h4", {}, [this.tx("title")])]);
    const body = h("div", { class: "nrs-https-body" }, [this.tx("working")]);
    box.append(body);
    this.request<HttpsInfo>("GET", this.url(HTTPS_URL))
      .then((info) => body.replaceChildren(...this.render(info)))
      .catch((err: unknown) => body.replaceChildren(this.tx("failed", { error: errorText(err) })));
    return box;
  }

  private render(info: HttpsInfo): HTMLElement[] {
    const parts: HTMLElement[] = [];
    if (info.setting === "none") parts.push(this.turnOn(), this.ownCertificate());
    else if (info.setting === "other") parts.push(h("p", {}, [this.tx("other")]));
    else if (info.status?.state === "off") parts.push(h("p", { class: "nrs-https-off" }, [this.tx("off")]));
    if (info.ca) parts.push(this.trust(info.ca));
    if (info.setting !== "none" && info.requestSecure && !info.requireHttps) parts.push(this.requireHttps());
    return parts;
  }

  private result(answer: EditAnswer): HTMLElement {
    return h("div", { class: "nrs-https-result" }, [
      h("p", {}, [this.tx("changed", { backup: answer.backup })]),
      h("pre", { class: "nrs-https-diff" }, [answer.diff]),
      h("p", {}, [this.tx("restart"), " ", restartText(this.t, answer.restart)]),
      answer.restart.command ? h("pre", { class: "nrs-https-command" }, [answer.restart.command]) : null,
    ]);
  }

  private turnOn(): HTMLElement {
    const button = h("button", { type: "button", class: "red-ui-button nrs-https-on" }, [
      h("i", { class: "fa fa-lock", "aria-hidden": "true" }),
      ` ${this.tx("turnOn")}`,
    ]);
    const out = h("div", { class: "nrs-https-out", role: "status" });
    button.addEventListener("click", () => {
      button.setAttribute("disabled", "");
      out.replaceChildren(this.tx("working"));
      this.request<EditAnswer & { ca: boolean }>("POST", this.url(`${HTTPS_URL}/enable`), {})
        .then((answer) => {
          out.replaceChildren(this.result(answer));
          return this.request<HttpsInfo>("GET", this.url(HTTPS_URL)).then((info) => {
            if (info.ca) out.append(this.trust(info.ca));
          });
        })
        .catch((err: unknown) => {
          out.replaceChildren(h("p", { class: "nrs-error" }, [this.tx("failed", { error: errorText(err) })]));
          button.removeAttribute("disabled");
        });
    });
    return h("div", { class: "nrs-https-turn-on" }, [h("p", {}, [this.tx("turnOnHelp")]), button, out]);
  }

  private ownCertificate(): HTMLElement {
    const input = (cls: string, label: string): HTMLInputElement =>
      h("input", {
        type: "text",
        class: cls,
        placeholder: label,
        "aria-label": label,
        spellcheck: "false",
      }) as HTMLInputElement;
    const cert = input("nrs-https-cert", this.tx("certPath"));
    const key = input("nrs-https-key", this.tx("keyPath"));
    const names = input("nrs-https-names", this.tx("names"));
    const check = h("button", { type: "button", class: "red-ui-button red-ui-button-small nrs-https-check" }, [
      this.tx("check"),
    ]);
    const use = h("button", { type: "button", class: "red-ui-button red-ui-button-small nrs-https-use" }, [
      this.tx("useOwn"),
    ]);
    const out = h("div", { class: "nrs-https-out", role: "status" });
    const body = (): Record<string, string> => ({ cert: cert.value.trim(), key: key.value.trim(), names: names.value });
    check.addEventListener("click", () => {
      this.request<{ problems: string[]; validTo?: string; matchedNames?: string[] }>(
        "POST",
        this.url(`${HTTPS_URL}/check`),
        body(),
      )
        .then((r) => {
          out.replaceChildren(
            r.problems.length
              ? h(
                  "ul",
                  { class: "nrs-error" },
                  r.problems.map((p) => h("li", {}, [p])),
                )
              : h("p", {}, [
                  this.tx("checkOk", {
                    date: (r.validTo ?? "").slice(0, 10),
                    names: (r.matchedNames ?? []).join(", "),
                  }),
                ]),
          );
        })
        .catch((err: unknown) => out.replaceChildren(h("p", { class: "nrs-error" }, [errorText(err)])));
    });
    use.addEventListener("click", () => {
      this.request<EditAnswer>("POST", this.url(`${HTTPS_URL}/enable`), body())
        .then((answer) => out.replaceChildren(this.result(answer)))
        .catch((err: unknown) =>
          out.replaceChildren(h("p", { class: "nrs-error" }, [this.tx("failed", { error: errorText(err) })])),
        );
    });
    return h("details", { class: "nrs-https-own" }, [
      h("summary", {}, [this.tx("own")]),
      cert,
      key,
      names,
      h("div", { class: "nrs-https-row" }, [check, use]),
      out,
    ]);
  }

  private trust(ca: NonNullable<HttpsInfo["ca"]>): HTMLElement {
    const download = h("button", { type: "button", class: "red-ui-button nrs-https-download" }, [
      h("i", { class: "fa fa-download", "aria-hidden": "true" }),
      ` ${this.tx("download")}`,
    ]);
    // Fetched with the editor's own login token (a plain link would carry none), then saved.
    download.addEventListener("click", () => {
      $.ajax({ url: CA_URL, method: "GET", dataType: "text", cache: false }).done((pem: string) => {
        const url = URL.createObjectURL(new Blob([pem], { type: "application/x-x509-ca-cert" }));
        const a = h("a", { href: url, download: "node-red-ca.crt" });
        document.body.append(a);
        a.click();
        a.remove();
        setTimeout(() => URL.revokeObjectURL(url), 60_000);
      });
    });
    return h("div", { class: "nrs-https-trust" }, [
      h("h4", {}, [this.tx("trust")]),
      h("p", {}, [this.tx("trustHelp")]),
      h("code", { class: "nrs-https-fingerprint" }, [ca.fingerprint256]),
      h("div", { class: "nrs-https-row" }, [download]),
      ...GUIDES.map((id) =>
        h("details", { class: "nrs-https-guide" }, [
          h("summary", {}, [this.tx(`guide.${id}.device`)]),
          h("p", {}, inline(this.tx(`guide.${id}.steps`))),
        ]),
      ),
    ]);
  }

  private requireHttps(): HTMLElement {
    const button = h("button", { type: "button", class: "red-ui-button red-ui-button-small nrs-https-require" }, [
      this.tx("requireButton"),
    ]);
    const out = h("div", { class: "nrs-https-out", role: "status" });
    button.addEventListener("click", () => {
      button.setAttribute("disabled", "");
      this.request<EditAnswer>("POST", this.url(`${HTTPS_URL}/require`), {})
        .then((answer) => out.replaceChildren(this.result(answer)))
        .catch((err: unknown) => {
          out.replaceChildren(h("p", { class: "nrs-error" }, [this.tx("failed", { error: errorText(err) })]));
          button.removeAttribute("disabled");
        });
    });
    return h("div", { class: "nrs-https-require-box" }, [h("p", {}, [this.tx("requireOffer")]), button, out]);
  }
}
