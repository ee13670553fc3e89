// How this package's own nodes are set up in the flows: each auth-users node's users and hashing cost, and
// each auth-gate's method and users configuration.
import type { FlowInput } from "./types";
import type { FlowGraph } from "./graph";
import { ref, str } from "./raw-node";
import type { AuthGateFacts, AuthUsersFacts } from "./types";

function cost(value: unknown): number | undefined {
  const n = typeof value === "string" && value.trim() !== "" ? Number(value) : value;
  return typeof n === "number" && Number.isFinite(n) ? n : undefined;
}

export function usersNodes(graph: FlowGraph, input: FlowInput): AuthUsersFacts[] {
  const counts: unknown = input.usersWithPasswords;
  return graph.nodes
    .filter((n) => n.type === "auth-users")
    .map((n) => {
      const accounts = Array.isArray(n.accounts) ? (n.accounts as unknown[]) : [];
      const users = accounts.filter(
        (u): u is Record<string, unknown> =>
          typeof u === "object" && u !== null && typeof (u as Record<string, unknown>).username === "string",
      );
      const named = users.filter((u) => String(u.username).trim() !== "");
      const withPw =
        typeof counts === "object" && counts !== null ? (counts as Record<string, unknown>)[String(n.id)] : undefined;
      const c = cost(n.cost);
      return {
        node: ref(n),
        ...(c === undefined ? {} : { cost: c }),
        users: named.length,
        enabledUsers: named.filter((u) => u.enabled !== false).length,
        ...(typeof withPw === "number" && Number.isInteger(withPw) && withPw >= 0
          ? { enabledWithPassword: withPw }
          : {}),
      };
    });
}

export function gates(graph: FlowGraph): AuthGateFacts[] {
  return graph.nodes
    .filter((n) => n.type === "auth-gate")
    .map((n) => {
      const method = n.method === "basic" || n.method === "form" ? n.method : "both";
      const id = str(n.usersConfig)?.trim();
      const users = !id ? "none-chosen" : graph.byId(id)?.type === "auth-users" ? "found" : "missing";
      return {
        node: ref(n),
        method,
        requireSecondFactor: n.requireSecondFactor === true,
        ...(id ? { usersConfig: id } : {}),
        users,
      };
    });
}
