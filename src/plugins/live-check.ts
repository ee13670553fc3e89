// The sidebar's "check what a stranger can reach": this instance asks itself, over loopback and with
// no credentials, for each door its settings and flows open, and reports what answered.
import { note, type Text } from "../i18n/messages";
import type { DoorContext } from "../audit";
import type { LiveCheckFacts } from "../audit/facts";
import { SELF_CHECK_HEADER, selfCheckToken } from "../gate/self-check";
import { runProbe } from "../probe/live-probe";
import { instanceTargets } from "../probe/targets";
import type { RedApi } from "../red-api";
import { selfTarget } from "./doors";

/** Runs the live check against this server; undefined (with a note) when it cannot be reached. */
export async function liveCheck(RED: RedApi, doors: DoorContext, notes: Text[]): Promise<LiveCheckFacts | undefined> {
  const target = selfTarget(RED);
  if (!target?.host || target.port === undefined) {
    notes.push(note("liveNoAddress"));
    return undefined;
  }
  const host = target.host.includes(":") ? `[${target.host}]` : target.host;
  const base = new URL(`${target.tls ? "https" : "http"}://${host}:${String(target.port)}`);
  // Marked as this process's own: the gates refuse them as any stranger's, but do not show them in their status.
  const results = await runProbe(base, instanceTargets(RED.settings, doors), {
    headers: { [SELF_CHECK_HEADER]: selfCheckToken() },
  });
  return { base: base.origin, results };
}
