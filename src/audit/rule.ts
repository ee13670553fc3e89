// What one audit rule is: an id, its texts, and a judgement of the facts.
import type { Facts } from "./facts";
import type { Text } from "../i18n/messages";
import type { Area, FailSeverity, FlowNodeRef } from "./types";

/** The rule found a problem. Anything left out comes from the rule's own texts. */
export interface Failure {
  readonly severity: FailSeverity;
  readonly title?: Text;
  readonly details?: readonly Text[];
  readonly snippet?: string;
  /** The flow nodes at fault, for reports that point into flows.json. */
  readonly nodes?: readonly FlowNodeRef[];
  /** A named penalty different from the severity's default. */
  readonly penalty?: number;
}

/** The rule holds. A title or details may say how. */
export interface Pass {
  readonly pass: true;
  readonly title?: Text;
  readonly details?: readonly Text[];
}

export const PASS: Pass = { pass: true };

/** "not-applicable": the rule has nothing to say about this instance. */
export type Verdict = Failure | Pass | "not-applicable";

export interface Rule {
  readonly id: string;
  readonly area: Area;
  /** Title when the rule fails (a verdict may sharpen it). Texts are message keys: see messages.ts. */
  readonly title: Text;
  /** Title when the rule holds. */
  readonly passTitle: Text;
  readonly why: Text;
  readonly fix: readonly Text[];
  readonly snippet?: string;
  readonly docs: string;
  readonly settingsKeys: readonly string[];
  /** The worst severity this rule can report, for the catalogue in the README. */
  readonly maxSeverity: FailSeverity;
  evaluate(facts: Facts): Verdict;
}

export const PENALTY_BY_SEVERITY: Readonly<Record<FailSeverity, number>> = {
  critical: 60,
  high: 25,
  medium: 10,
  low: 5,
  info: 0,
};

export const DOCS = {
  securing: "https://nodered.org/docs/user-guide/runtime/securing-node-red",
  adminAuth: "https://nodered.org/docs/user-guide/runtime/securing-node-red#editor--admin-api-security",
  https: "https://nodered.org/docs/user-guide/runtime/securing-node-red#enabling-https-access",
  httpNode: "https://nodered.org/docs/user-guide/runtime/securing-node-red#http-node-security",
  configuration: "https://nodered.org/docs/user-guide/runtime/configuration",
  hashPw: "https://nodered.org/docs/user-guide/runtime/securing-node-red#generating-the-password-hash",
} as const;
