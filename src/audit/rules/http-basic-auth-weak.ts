// NRS-HTTP-002: the httpNodeAuth/httpStaticAuth password is weak or not bcrypt.
import type { BasicAuthFacts, Facts } from "../facts";
import type { Failure } from "../rule";
import { DOCS, type Rule } from "../rule";
import { MIN_BCRYPT_COST, describeHashKind, describeWeakness, labelled } from "./common";
import { messages } from "../../i18n/messages";

const msg = messages("NRS-HTTP-002");

function judge(key: string, auth: BasicAuthFacts): Failure | undefined {
  if (auth.kind === "invalid") return { severity: "high", details: [`${key}: ${auth.reason}`] };
  if (auth.kind !== "basic") return undefined;
  const pw = auth.password;
  if (pw.weak === "template-example" || pw.weak === "known-weak") {
    return { severity: "critical", details: [labelled(key, describeWeakness(pw.weak))] };
  }
  if (pw.kind !== "bcrypt") {
    return { severity: "high", details: [labelled(key, describeHashKind(pw.kind))] };
  }
  if ((pw.cost ?? 0) < MIN_BCRYPT_COST) {
    return { severity: "medium", details: [msg("bcryptCost", { key, cost: String(pw.cost) })] };
  }
  return undefined;
}

const ORDER = ["critical", "high", "medium", "low", "info"] as const;

const rule: Rule = {
  id: "NRS-HTTP-002",
  area: "http",
  title: msg("title"),
  passTitle: msg("passTitle"),
  why: msg("why"),
  fix: [msg("fix.0"), msg("fix.1")],
  snippet: `httpNodeAuth: { user: "user", pass: "{{HASH}}" },`,
  docs: DOCS.httpNode,
  settingsKeys: ["httpNodeAuth", "httpStaticAuth"],
  maxSeverity: "critical",
  evaluate(facts: Facts) {
    const checked = [facts.httpNode.auth, facts.httpStatic.auth].filter(
      (a) => a.kind === "basic" || a.kind === "invalid",
    );
    if (checked.length === 0) return "not-applicable";
    const failures = [
      judge("httpNodeAuth", facts.httpNode.auth),
      judge("httpStaticAuth", facts.httpStatic.auth),
    ].filter((f): f is Failure => f !== undefined);
    if (failures.length === 0) return { pass: true };
    const worst = failures.reduce((a, b) => (ORDER.indexOf(a.severity) <= ORDER.indexOf(b.severity) ? a : b));
    return { severity: worst.severity, details: failures.flatMap((f) => f.details ?? []) };
  },
};

export default rule;
