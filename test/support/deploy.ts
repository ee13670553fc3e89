// Helpers that drive a running Node-RED's admin API as the editor does.
import type { RunningNodeRed } from "./node-red";

/** The admin API's Authorization header for an instance with adminAuth. */
function bearer(token: string | undefined): Record<string, string> {
  return token === undefined ? {} : { Authorization: `Bearer ${token}` };
}

/** Sets user passwords the way the auth-users dialog does (hashed on the server). */
export async function setPasswords(
  red: RunningNodeRed,
  usersId: string,
  set: Record<string, string>,
  token?: string,
): Promise<void> {
  const res = await fetch(`${red.url}/auth-users/${usersId}/passwords`, {
    method: "POST",
    headers: { "Content-Type": "application/json", ...bearer(token) },
    body: JSON.stringify({ set, cost: 10 }),
  });
  if (!res.ok) throw new Error(`setting passwords failed: ${String(res.status)} ${await res.text()}`);
}

/**
 * Deploys flows (a full deploy by default; "nodes" restarts only what changed), bumping "rev" of the
 * given config nodes as the dialog does.
 */
export async function deploy(
  red: RunningNodeRed,
  flows: unknown[],
  bump: string[] = [],
  token?: string,
  type: "full" | "nodes" = "full",
): Promise<void> {
  const current = (await (
    await fetch(`${red.url}/flows`, { headers: { "Node-RED-API-Version": "v2", ...bearer(token) } })
  ).json()) as {
    rev: string;
  };
  const bumped = (flows as { id: string; rev?: number }[]).map((n) =>
    bump.includes(n.id) ? { ...n, rev: (n.rev ?? 0) + 1 } : n,
  );
  const res = await fetch(`${red.url}/flows`, {
    method: "POST",
    headers: {
      "Content-Type": "application/json",
      "Node-RED-API-Version": "v2",
      "Node-RED-Deployment-Type": type,
      ...bearer(token),
    },
    body: JSON.stringify({ flows: bumped, rev: current.rev }),
  });
  if (!res.ok) throw new Error(`deploy failed: ${String(res.status)} ${await res.text()}`);
  await new Promise((r) => setTimeout(r, 300));
}
