// NRS-FLOW-007: this package's own auth gate and auth users nodes, set up so they do not protect as meant.
import { isReachable } from "../facts";
import { capped, nodeName, uniqueNodes } from "../flows/exposure";
import type { AuthUsersFacts } from "../flows/types";
import { DOCS, type Failure, type Rule } from "../rule";
import type { FailSeverity, FlowNodeRef } from "../types";
import { MIN_BCRYPT_COST } from "./common";
import { messages, type Text } from "../../i18n/messages";

const msg = messages("NRS-FLOW-007");

interface Problem {
  readonly severity: FailSeverity;
  readonly detail: Text;
  readonly nodes: readonly FlowNodeRef[];
}

const RANK: Readonly<Record<FailSeverity, number>> = { critical: 0, high: 1, medium: 2, low: 3, info: 4 };

/** Why these users cannot log in through a gate; undefined when some can (or it is not known). */
function unusable(users: AuthUsersFacts): Text | undefined {
  if (users.users === 0) return msg("hasNoUsers");
  if (users.enabledUsers === 0) return msg("hasNoEnabledUser");
  if (users.enabledWithPassword === 0) return msg("hasNoEnabledUserWith");
  return undefined;
}

const rule: Rule = {
  id: "NRS-FLOW-007",
  area: "flows",
  title: msg("title"),
  passTitle: msg("passTitle"),
  why: msg("why"),
  fix: [msg("fix.0"), msg("fix.1"), msg("fix.2"), msg("fix.3"), msg("fix.4")],
  docs: DOCS.https,
  settingsKeys: ["https"],
  maxSeverity: "high",
  evaluate(facts) {
    const flows = facts.flows;
    if (!flows || (flows.gates.length === 0 && flows.usersNodes.length === 0)) return "not-applicable";
    const users = new Map(flows.usersNodes.map((u) => [u.node.id, u]));
    const problems: Problem[] = [];
    for (const gate of flows.gates) {
      const name = msg("authGate", { nodeName: nodeName(gate.node) });
      if (gate.users === "none-chosen") {
        problems.push({
          severity: "high",
          detail: msg("noAuthUsersNodeIs", { name }),
          nodes: [gate.node],
        });
        continue;
      }
      const target = gate.usersConfig === undefined ? undefined : users.get(gate.usersConfig);
      if (gate.users === "missing" || !target) {
        problems.push({
          severity: "high",
          detail: msg("itsAuthUsersNodeIs", { name, id: gate.usersConfig ?? "" }),
          nodes: [gate.node],
        });
        continue;
      }
      const why = unusable(target);
      if (why !== undefined) {
        problems.push({
          severity: "high",
          detail: msg("itsAuthUsersNodeSo", { name, nodeName: nodeName(target.node), why }),
          nodes: [gate.node, target.node],
        });
      }
      if (gate.method === "basic" && gate.requireSecondFactor) {
        problems.push({
          severity: "medium",
          detail: msg("requiresSecondFactorButLogs", { name }),
          nodes: [gate.node],
        });
      }
      if (gate.method !== "form" && !facts.tls.enabled && isReachable(facts)) {
        problems.push({
          severity: "medium",
          detail: msg("acceptsBasicLoginsWhileNode", { name }),
          nodes: [gate.node],
        });
      }
    }
    for (const u of flows.usersNodes) {
      if (u.cost !== undefined && u.cost < MIN_BCRYPT_COST) {
        problems.push({
          severity: "medium",
          detail: msg("authUsersBcryptCostIs", {
            nodeName: nodeName(u.node),
            cost: String(u.cost),
            minCost: String(MIN_BCRYPT_COST),
          }),
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
              details: [msg("whetherEachUserHasPassword")],
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
