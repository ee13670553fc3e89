// NRS-FLOW-007: this package's own auth gate and auth users nodes, set up so they do not protect as meant.
import { isReachable } from "../facts";
import { capped, nodeName, uniqueNodes } from "../flows/exposure";
import type { AuthUsersFacts } from "../flows/types";
import { DOCS, type Failure, type Rule } from "../rule";
import type { FailSeverity, FlowNodeRef } from "../types";
import { MIN_BCRYPT_COST } from "./common";

interface Problem {
  readonly severity: FailSeverity;
  readonly detail: string;
  readonly nodes: readonly FlowNodeRef[];
}

const RANK: Readonly<Record<FailSeverity, number>> = { critical: 0, high: 1, medium: 2, low: 3, info: 4 };

/** Why these users cannot log in through a gate; undefined when some can (or it is not known). */
function unusable(users: AuthUsersFacts): string | undefined {
  if (users.users === 0) return "has no users";
  if (users.enabledUsers === 0) return "has no enabled user";
  if (users.enabledWithPassword === 0) return "has no enabled user with a password";
  return undefined;
}

const rule: Rule = {
  id: "NRS-FLOW-007",
  area: "flows",
  title: "Auth gate or auth users nodes are set up wrongly",
  passTitle: "Auth gate and auth users nodes are set up soundly",
  why:
    "An auth gate without usable users fails closed: it refuses everyone, so the page or API behind it is " +
    "broken rather than protected. A low bcrypt cost makes stolen password hashes quick to crack, and Basic " +
    "login over plain HTTP sends the password with every request, readable by anyone on the network. A gate " +
    "that requires a second factor but takes Basic logins only lets no person in: Basic cannot carry a code.",
  fix: [
    "Open each auth gate listed below and choose an auth users node that exists.",
    "In the auth users node, add at least one enabled user and set its password; deploy.",
    "Set the auth users node's bcrypt cost to 10 or more (12 is the default), then set the passwords again so they are hashed at that cost.",
    'For Basic over plain HTTP: switch Node-RED to HTTPS (see the TLS finding) or set the gate\'s method to "login page" behind an HTTPS proxy.',
    'For a gate that requires a second factor: set its method to "login page" (or "login page + Basic"); give devices API keys.',
  ],
  docs: DOCS.https,
  settingsKeys: ["https"],
  maxSeverity: "high",
  evaluate(facts) {
    const flows = facts.flows;
    if (!flows || (flows.gates.length === 0 && flows.usersNodes.length === 0)) return "not-applicable";
    const users = new Map(flows.usersNodes.map((u) => [u.node.id, u]));
    const problems: Problem[] = [];
    for (const gate of flows.gates) {
      const name = `auth-gate ${nodeName(gate.node)}`;
      if (gate.users === "none-chosen") {
        problems.push({
          severity: "high",
          detail: `${name}: no auth users node is chosen, so it refuses everyone (a broken door, not a protected one)`,
          nodes: [gate.node],
        });
        continue;
      }
      const target = gate.usersConfig === undefined ? undefined : users.get(gate.usersConfig);
      if (gate.users === "missing" || !target) {
        problems.push({
          severity: "high",
          detail: `${name}: its auth users node ${gate.usersConfig ?? ""} is missing or disabled, so it refuses everyone`,
          nodes: [gate.node],
        });
        continue;
      }
      const why = unusable(target);
      if (why !== undefined) {
        problems.push({
          severity: "high",
          detail: `${name}: its auth users node ${nodeName(target.node)} ${why}, so nobody can log in`,
          nodes: [gate.node, target.node],
        });
      }
      if (gate.method === "basic" && gate.requireSecondFactor) {
        problems.push({
          severity: "medium",
          detail: `${name}: requires a second factor but logs in with Basic only, which cannot carry a code: only API keys get through`,
          nodes: [gate.node],
        });
      }
      if (gate.method !== "form" && !facts.tls.enabled && isReachable(facts)) {
        problems.push({
          severity: "medium",
          detail: `${name}: accepts Basic logins while Node-RED serves plain HTTP on the network`,
          nodes: [gate.node],
        });
      }
    }
    for (const u of flows.usersNodes) {
      if (u.cost !== undefined && u.cost < MIN_BCRYPT_COST) {
        problems.push({
          severity: "medium",
          detail: `auth-users ${nodeName(u.node)}: bcrypt cost ${String(u.cost)} is below ${String(MIN_BCRYPT_COST)}`,
          nodes: [u.node],
        });
      }
    }
    if (problems.length === 0) {
      const unknown = flows.usersNodes.some((u) => u.enabledUsers > 0 && u.enabledWithPassword === undefined);
      return {
        pass: true,
        ...(unknown
          ? {
              details: [
                "Whether each user has a password is checked only in the running Node-RED (the Security sidebar).",
              ],
            }
          : {}),
      };
    }
    const worst = problems.reduce<FailSeverity>((a, p) => (RANK[p.severity] < RANK[a] ? p.severity : a), "info");
    const failure: Failure = {
      severity: worst,
      details: capped(problems.map((p) => p.detail)),
      nodes: uniqueNodes(problems.flatMap((p) => p.nodes)),
    };
    return failure;
  },
};

export default rule;
