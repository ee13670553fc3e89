// The sidebar's "make a password hash" box: the server hashes a password with bcrypt for the settings.js
// snippets; the password is sent once and cleared, only the hash stays on the page.
import type { Translate } from "./i18n";
import styles from "./hash-box.css";
import { h, injectStyles } from "./render";

// Relative URL: the editor adds its auth token only to requests without a leading "/".
const HASH_URL = "security/hash";

export interface HashBoxParts {
  readonly t: Translate;
  readonly request: <T>(method: "GET" | "POST", url: string, body?: unknown) => Promise<T>;
  readonly copy: (text: string, button: HTMLElement) => void;
  readonly describeFailure: (err: unknown) => string;
  /** A hash was made: the snippets show it from now on. */
  readonly onHash: (hash: string) => void;
}

/** True when this editor was opened over plain HTTP from another machine: typed passwords cross the network. */
function plainHttpFromAfar(): boolean {
  const host = location.hostname.replace(/^\[|\]$/g, "");
  const local = host === "localhost" || host === "::1" || /^127\./.test(host);
  return location.protocol === "http:" && !local;
}

export function renderHashBox(parts: HashBoxParts): HTMLElement {
  injectStyles("nrs-hash-styles", styles);
  const t = parts.t;
  const password = h("input", {
    type: "password",
    class: "nrs-hash-password",
    autocomplete: "new-password",
    placeholder: t("hash.passwordPlaceholder"),
    "aria-label": t("hash.passwordLabel"),
  }) as HTMLInputElement;
  const cost = h(
    "select",
    { class: "nrs-hash-cost", "aria-label": t("hash.costLabel") },
    [10, 11, 12, 13, 14].map((n) =>
      h("option", n === 12 ? { value: String(n), selected: "" } : { value: String(n) }, [String(n)]),
    ),
  ) as HTMLSelectElement;
  const button = h("button", { type: "submit", class: "red-ui-button nrs-hash-button" }, [t("hash.button")]);
  const output = h("input", {
    type: "text",
    class: "nrs-hash-output",
    readonly: "",
    "aria-label": t("hash.outputLabel"),
  }) as HTMLInputElement;
  const copy = h("button", { type: "button", class: "red-ui-button red-ui-button-small nrs-copy" }, [
    h("i", { class: "fa fa-clipboard", "aria-hidden": "true" }),
  ]);
  copy.addEventListener("click", () => {
    if (output.value) parts.copy(output.value, copy);
  });
  const message = h("div", { class: "nrs-hash-message", role: "status" });
  const result = h("div", { class: "nrs-hash-result", hidden: "" }, [output, copy]);
  const form = h("form", { class: "nrs-hash-form" }, [
    h("div", { class: "nrs-hash-row" }, [password, h("label", {}, [t("hash.cost"), " ", cost]), button]),
    message,
    result,
  ]);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const value = password.value;
    if (!value) {
      message.textContent = t("hash.empty");
      return;
    }
    button.setAttribute("disabled", "");
    message.textContent = value.length < 12 ? t("hash.short") : t("hash.working");
    parts
      .request<{ hash: string }>("POST", HASH_URL, { password: value, cost: Number(cost.value) })
      .then(({ hash }) => {
        // The password leaves the page once, to be hashed; only the hash stays.
        password.value = "";
        parts.onHash(hash);
        output.value = hash;
        result.hidden = false;
        message.textContent = value.length < 12 ? t("hash.doneShort") : t("hash.done");
      })
      .catch((err: unknown) => {
        message.textContent = parts.describeFailure(err);
      })
      .finally(() => {
        button.removeAttribute("disabled");
      });
  });
  return h("details", { class: "nrs-hash" }, [
    h("summary", {}, [h("i", { class: "fa fa-key", "aria-hidden": "true" }), ` ${t("hash.title")}`]),
    h("p", { class: "nrs-hash-help" }, [t("hash.help")]),
    plainHttpFromAfar() ? h("p", { class: "nrs-hash-warning" }, [t("hash.plainHttp")]) : null,
    form,
  ]);
}
