// What the command line can tell about an instance besides its settings: the certificate settings.https
// names, and the versions of Node-RED and of checked packages installed in the user directory.
// The Node.js that runs Node-RED is not known here (the CLI may run elsewhere, e.g. in CI): not judged.
import { note, type Text } from "../i18n/messages";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { certificateFromHttpsSetting, type CollectContext, type InstalledPackage } from "../audit";

/** Packages the support data has advisories for (node-red itself is judged through nodeRedVersion). */
const CHECKED_PACKAGES: readonly string[] = ["node-red-dashboard"];

export interface InstanceInfo {
  readonly certificate?: CollectContext["certificate"];
  readonly nodeRedVersion?: string;
  readonly packages: InstalledPackage[];
}

function packageVersion(userDir: string, name: string): InstalledPackage | undefined {
  const path = join(userDir, "node_modules", ...name.split("/"), "package.json");
  try {
    const pkg = JSON.parse(readFileSync(path, "utf8")) as unknown;
    const version = typeof pkg === "object" && pkg !== null ? (pkg as Record<string, unknown>).version : undefined;
    return typeof version === "string" ? { name, version, path } : undefined;
  } catch {
    return undefined;
  }
}

export async function loadInstanceInfo(
  userDir: string,
  settings: Readonly<Record<string, unknown>>,
  notes: Text[],
): Promise<InstanceInfo> {
  let certificate: CollectContext["certificate"];
  if (settings.https) {
    const found = await certificateFromHttpsSetting(settings.https, userDir);
    if (found.cert !== undefined) certificate = { raw: found.cert, source: "settings" };
    else notes.push(note("httpsCertUnreadableWhy", { reason: found.note ?? "no cert" }));
  }
  const nodeRed = packageVersion(userDir, "node-red");
  notes.push(
    nodeRed === undefined ? note("versionsUnknown", { dir: join(userDir, "node_modules") }) : note("nodeUnknown"),
  );
  return {
    ...(certificate ? { certificate } : {}),
    ...(nodeRed ? { nodeRedVersion: nodeRed.version } : {}),
    packages: CHECKED_PACKAGES.flatMap((name) => packageVersion(userDir, name) ?? []),
  };
}
