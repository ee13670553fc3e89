// Small readings of the facts that several rules share.
import type { AdminUserFacts, DoorFacts, DoorKind, Facts, GuardedDoor, PasswordFacts } from "../facts";
import type { HashKind } from "../password-hash";

export { MIN_BCRYPT_COST } from "../../auth/hash-password";

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

export function describeHashKind(kind: HashKind): string {
  switch (kind) {
    case "bcrypt":
      return "a bcrypt hash";
    case "md5":
      return "a legacy MD5 hash (cracked in seconds)";
    case "plaintext":
      return "what looks like a plain-text password";
    case "empty":
      return "an empty password";
    case "missing":
      return "no password at all";
  }
}

export function describeWeakness(weak: PasswordFacts["weak"]): string {
  return weak === "template-example"
    ? 'the password is "password", the example from Node-RED\'s settings template'
    : "the password is one of the most common passwords";
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

export function describeGuard(guard: GuardedDoor): string {
  return guard.source === "auth-gate" ? `an auth gate node (${guard.id})` : "node-red-contrib-security in settings.js";
}

/** Whether core httpNodeAuth (credentials or middleware) sits in front of everything under httpNodeRoot. */
export function httpNodeAuthSet(facts: Facts): boolean {
  return facts.httpNode.auth.kind === "basic" || facts.httpNode.auth.kind === "middleware";
}
