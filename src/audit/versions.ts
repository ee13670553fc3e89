// Compares the versions of Node.js, Node-RED and installed packages with the support data.
import { SUPPORT, type SupportData } from "./data/support";
import type { PackageVersionFacts, VersionFacts } from "./facts";
import { type Message, messages } from "../i18n/messages";

const DAY_MS = 86_400_000;

export interface InstalledPackage {
  readonly name: string;
  readonly version: string;
  readonly path?: string;
}

export interface VersionInput {
  /** The Node.js that runs Node-RED, when known. */
  readonly nodeJs?: string;
  /** Node-RED's version, when known. */
  readonly nodeRed?: string;
  /** Installed packages (the support data only judges those it has advisories for). */
  readonly packages?: readonly InstalledPackage[];
}

interface Parsed {
  readonly parts: readonly [number, number, number];
  readonly prerelease: boolean;
}

/** "v20.11.1", "4.1.15", "3.0.0-beta.2" → numbers; undefined when it is not a version. */
export function parseVersion(version: string): Parsed | undefined {
  const match = /^\s*v?(\d+)(?:\.(\d+))?(?:\.(\d+))?(-[0-9A-Za-z.-]+)?/.exec(version);
  if (!match) return undefined;
  return {
    parts: [Number(match[1]), Number(match[2] ?? 0), Number(match[3] ?? 0)],
    prerelease: match[4] !== undefined,
  };
}

/** Negative when a < b, 0 when equal, positive when a > b; a pre-release comes before its release. */
export function compareVersions(a: string, b: string): number {
  const pa = parseVersion(a);
  const pb = parseVersion(b);
  if (!pa || !pb) return 0;
  for (let i = 0; i < 3; i++) {
    const d = (pa.parts[i] ?? 0) - (pb.parts[i] ?? 0);
    if (d !== 0) return d;
  }
  return Number(pb.prerelease) - Number(pa.prerelease);
}

function daysUntil(date: string, now: Date): number | undefined {
  const t = Date.parse(`${date}T00:00:00Z`);
  // Supported through the whole of its last day.
  return Number.isNaN(t) ? undefined : Math.floor((t + DAY_MS - now.getTime()) / DAY_MS);
}

function endOfLife(
  table: Readonly<Record<number, string>>,
  major: number,
  now: Date,
): { endOfLife?: string; daysToEndOfLife?: number } {
  const eol = table[major];
  if (eol === undefined) return {};
  const days = daysUntil(eol, now);
  return { endOfLife: eol, ...(days === undefined ? {} : { daysToEndOfLife: days }) };
}

function judgePackage(pkg: InstalledPackage, data: SupportData): PackageVersionFacts | undefined {
  const list = data.advisories[pkg.name];
  if (list === undefined || parseVersion(pkg.version) === undefined) return undefined;
  const advisories = list
    .filter(
      (a) =>
        compareVersions(pkg.version, a.fixedIn) < 0 &&
        (a.introducedIn === undefined || compareVersions(pkg.version, a.introducedIn) >= 0),
    )
    .map(({ id, severity, summary, fixedIn, url }) => ({ id, severity, summary, fixedIn, url }));
  return { name: pkg.name, version: pkg.version, ...(pkg.path === undefined ? {} : { path: pkg.path }), advisories };
}

export function describeVersions(input: VersionInput, now: Date, data: SupportData = SUPPORT): VersionFacts {
  const node = input.nodeJs === undefined ? undefined : parseVersion(input.nodeJs);
  const red = input.nodeRed === undefined ? undefined : parseVersion(input.nodeRed);
  const updated = Date.parse(`${data.updated}T00:00:00Z`);
  const packages: InstalledPackage[] = [
    ...(input.nodeRed !== undefined && red ? [{ name: "node-red", version: input.nodeRed }] : []),
    ...(input.packages ?? []).filter((p) => p.name !== "node-red"),
  ];
  return {
    dataUpdated: data.updated,
    dataAgeDays: Number.isNaN(updated) ? 0 : Math.max(0, Math.floor((now.getTime() - updated) / DAY_MS)),
    ...(node && input.nodeJs !== undefined
      ? {
          nodeJs: {
            version: input.nodeJs.replace(/^v/, ""),
            major: node.parts[0],
            ...endOfLife(data.nodeJs, node.parts[0], now),
          },
        }
      : {}),
    ...(red && input.nodeRed !== undefined
      ? {
          nodeRed: {
            version: input.nodeRed,
            major: red.parts[0],
            ...endOfLife(data.nodeRed, red.parts[0], now),
            unknownMajor:
              data.nodeRed[red.parts[0]] === undefined &&
              red.parts[0] > Math.max(0, ...Object.keys(data.nodeRed).map(Number)),
          },
        }
      : {}),
    packages: packages.flatMap((p) => judgePackage(p, data) ?? []),
  };
}

/** The support data is considered stale after this many days: the version findings say so. */
export const STALE_DATA_DAYS = 180;

/** A note for the details when the support data is old. */
export function dataAgeNote(versions: VersionFacts): Message[] {
  return versions.dataAgeDays > STALE_DATA_DAYS
    ? [messages("common")("supportDataOld", { dataUpdated: versions.dataUpdated, days: String(versions.dataAgeDays) })]
    : [];
}
