// Whether fixed strings compared with what code reads (script-chains.ts) are credentials, and of which
// kind: request data against a password-like literal, or a secret-named value against a secret.
import type { Reading } from "./script-chains";
import {
  KIND,
  isOrdinaryField,
  isSecretLiteral,
  isSecretName,
  requestCompareKind,
  strengthOf,
  type Strength,
} from "./secret-words";

/** How strongly what `r` reads suggests a credential. */
export function readingStrength(r: Reading): Strength {
  // Outside msg.req only secret names count: `msg.pin === "17"` is more often a GPIO pin than a login.
  const named =
    r.part === undefined || r.part === "payload"
      ? r.names.some((x) => isSecretName(x))
        ? "secret"
        : "other"
      : strengthOf(r.names);
  return named === "other" && isOrdinaryField(r.field, r.part === "header") ? "none" : named;
}

/**
 * The finding kind when `value` is a fixed password or key compared with what `r` reads; undefined when it
 * is none. `fromOutside`: the node's payload is request data.
 */
export function compareKind(
  r: Reading,
  value: string,
  fromOutside: boolean | undefined,
  strength = readingStrength(r),
): string | undefined {
  if (r.part !== undefined && r.part !== "payload") {
    return isSecretLiteral(strength, value) ? requestCompareKind(r.part, r.field) : undefined;
  }
  if (r.part === "payload" && strength !== "secret") {
    return fromOutside && isSecretLiteral(strength, value) ? requestCompareKind("payload", r.field) : undefined;
  }
  return strength === "secret" && isSecretLiteral("secret", value) ? KIND.compare : undefined;
}

/**
 * Whether a list of fixed strings checked against what `r` reads is a table of passwords. `named`: the
 * list's own name says it holds logins.
 */
export function isPasswordList(
  r: Reading,
  values: readonly string[],
  fromOutside: boolean | undefined,
  named: boolean,
): boolean {
  // The other side must be request data or a secret: a table called "users" compared with a display name
  // is not a login.
  const fromRequest = r.part !== undefined && (r.part !== "payload" || fromOutside === true);
  if (!fromRequest && readingStrength(r) !== "secret") return false;
  const strength = named ? "secret" : readingStrength(r);
  return values.some((v) =>
    r.part === "payload" && strength !== "secret"
      ? fromOutside === true && isSecretLiteral(strength, v)
      : isSecretLiteral(strength, v),
  );
}
