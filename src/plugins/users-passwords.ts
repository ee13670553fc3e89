// How many enabled users of each auth-users node have a password: only the runtime can tell, from the
// node's credentials. Counts only — no hash or password leaves this function. Never throws.
import type { RedApi } from "../red-api";

type GetCredentials = (id: string) => unknown;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Per auth-users node id in `flows`, the number of its enabled users with a stored hash; undefined when unknown. */
export function usersWithPasswords(RED: RedApi, flows: unknown): Record<string, number> | undefined {
  const getCredentials = (RED.nodes as { getCredentials?: GetCredentials } | undefined)?.getCredentials;
  if (typeof getCredentials !== "function" || !Array.isArray(flows)) return undefined;
  const counts: Record<string, number> = {};
  for (const node of flows as unknown[]) {
    if (!isObject(node) || node.type !== "auth-users" || typeof node.id !== "string") continue;
    try {
      const creds = getCredentials.call(RED.nodes, node.id);
      const raw = isObject(creds) && typeof creds.hashes === "string" ? (JSON.parse(creds.hashes) as unknown) : {};
      const hashes = isObject(raw) ? raw : {};
      const accounts = Array.isArray(node.accounts) ? (node.accounts as unknown[]) : [];
      counts[node.id] = accounts.filter(
        (u) =>
          isObject(u) &&
          u.enabled !== false &&
          typeof u.username === "string" &&
          u.username.trim() !== "" &&
          typeof u.id === "string" &&
          typeof hashes[u.id] === "string" &&
          hashes[u.id] !== "",
      ).length;
    } catch {
      // Unreadable credentials: leave this node's count unknown.
    }
  }
  return counts;
}
