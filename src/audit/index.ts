// The audit engine's public face: facts in, report out.
export { collectFacts, hostScope } from "./collect-facts";
export type { CollectContext, ServerFacts, Settings } from "./collect-facts";
export { dashboardPaths, gatesInFlows, nodeRoot } from "./collect-doors";
export type { DoorContext, LiveProbe } from "./collect-doors";
export type { Facts } from "./facts";
export { runAudit, evaluateRule, ruleTexts } from "./run-audit";
export { RULES } from "./rules";
export type { Rule, Verdict } from "./rule";
export * from "./types";
export { gradeFor, scoreFor, severityRank } from "./score";
export { certificateFromHttpsSetting, describeCertificate } from "./certificate";
export { classifyAddress, listenAddresses } from "./addresses";
export type { RequestInput } from "./collect-exposure";
export type { InstalledPackage } from "./versions";
