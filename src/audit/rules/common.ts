// Small readings of the facts that several rules share.
import type { AdminUserFacts, DoorFacts, DoorKind, Facts, GuardedDoor, PasswordFacts } from "../facts";
import type { HashKind } from "../../auth/password-hash";
import { type Message, messages, type Text } from "../../i18n/messages";

const msg = messages("common");

export { MIN_BCRYPT_COST } from "../../shared/validate";

/** Users listed in adminAuth whose passwords Node-RED itself checks; undefined when there are none to judge. */
export function adminUsers(facts: Facts): readonly AdminUserFacts[] | undefined {
  const auth = facts.adminAuth;
  if (auth.kind !== "credentials" && auth.kind !== "strategy") return undefined;
  // With a custom authenticate() or a user lookup function, listed passwords are not what logs people in.
  if (auth.users === "function" || auth.customAuthenticate) return undefined;
  // Users of an OAuth strategy log in elsewhere: a missing password is normal there.
  const users = auth.kind === "strategy" ? auth.users.filter((u) => u.password.kind !== "missing") : auth.users;
  return users.length > 0 ? users : undefined;
}

export function describeHashKind(kind: HashKind): Message {
  switch (kind) {
    case "bcrypt":
      return msg("bcryptHash");
    case "md5":
      return msg("legacyMd5HashCrackedIn");
    case "plaintext":
      return msg("whatLooksLikePlainText");
    case "empty":
      return msg("anEmptyPassword");
    case "missing":
      return msg("noPasswordAtAll");
  }
}

export function describeWeakness(weak: PasswordFacts["weak"]): Message {
  return weak === "template-example" ? msg("thePasswordIsPasswordThe") : msg("thePasswordIsOneOf");
}

/** The URL path of a door below httpNodeRoot, as a visitor types it. */
export function doorUrl(doors: DoorFacts, path: string): string {
  const url = `${doors.httpNodeRoot}${path === "/" ? "" : path}`;
  return url === "" ? "/" : url;
}

/**
 * The most general auth gate that covers this path (below httpNodeRoot) for this kind of door.
 * Guards made by settings.js factories are left out: they say scope "/" wherever they are plugged in,
 * and where they are plugged in (ui.middleware, webSocketNodeVerifyClient…) the settings facts show.
 */
export function guardFor(doors: DoorFacts, path: string, kind: DoorKind): GuardedDoor | undefined {
  return doors.guards.find(
    (g) =>
      g.source === "auth-gate" &&
      g.covers.includes(kind) &&
      (g.scope === "/" || path === g.scope || path.startsWith(`${g.scope}/`)),
  );
}

export function describeGuard(guard: GuardedDoor): Message {
  return guard.source === "auth-gate" ? msg("anAuthGateNode", { id: guard.id }) : msg("nodeRedContribSecurityIn");
}

/** Whether core httpNodeAuth (credentials or middleware) sits in front of everything under httpNodeRoot. */
export function httpNodeAuthSet(facts: Facts): boolean {
  return facts.httpNode.auth.kind === "basic" || facts.httpNode.auth.kind === "middleware";
}

/** "1 day", "3 days", in the words of the report's language. */
export function dayCount(n: number): Message {
  return msg(n === 1 ? "day" : "days", { count: String(n) });
}

/** "a", "a and b", "a, b and c", in the words of the report's language; repeats are left out. */
export function joinAnd(items: readonly Text[], last = "listAnd"): Text {
  const seen = new Set<string>();
  const unique = items.filter((item) => {
    const id = JSON.stringify(item);
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
  return unique.reduce<Text>(
    (list, item, index) => (index === 0 ? item : msg(index === unique.length - 1 ? last : "listComma", { list, item })),
    "",
  );
}

/** "a, b, c", in the words of the report's language; repeats are left out. */
export function joinComma(items: readonly Text[]): Text {
  return joinAnd(items, "listComma");
}

/** "label: text", where the text is translated. */
export function labelled(label: Text, text: Text): Message {
  return msg("labelled", { label, text });
}
