// Runs one rule against a settings object, the way the CLI and the sidebar do.
import { collectFacts, evaluateRule, type CollectContext, type Finding, type Rule } from "../../src/audit";

export async function judge(
  rule: Rule,
  settings: Record<string, unknown>,
  context: Partial<CollectContext> = {},
): Promise<Finding | undefined> {
  const facts = await collectFacts(settings, { source: "settings-file", ...context });
  return evaluateRule(rule, facts);
}

/** A settings object for an instance that only this machine can reach. */
export const LOCAL = { uiHost: "127.0.0.1" } as const;

export function adminAuth(users: unknown, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { adminAuth: { type: "credentials", users, ...extra } };
}
