// Where a finding points in the files a CI system can annotate: the settings.js line of its key, or
// the line of each flow node it names in flows.json (with the node's name as a logical location).
import { createHash } from "node:crypto";
import type { Finding } from "../audit";

export interface SourceFile {
  /** Path relative to the user directory, with forward slashes. */
  readonly uri: string;
  readonly text: string;
}

/** Line (1-based) of each node id in a flows file: where its `"id": "<id>"` is written. */
export function nodeLines(text: string): Map<string, number> {
  const lines = new Map<string, number>();
  const pattern = /"id"\s*:\s*"((?:[^"\\]|\\.)*)"/g;
  let line = 1;
  let last = 0;
  for (let match = pattern.exec(text); match !== null; match = pattern.exec(text)) {
    for (let i = last; i < match.index; i++) if (text.charCodeAt(i) === 10) line += 1;
    last = match.index;
    const id = match[1] ?? "";
    if (!lines.has(id)) lines.set(id, line);
  }
  return lines;
}

export interface SarifLocation {
  readonly physicalLocation: {
    readonly artifactLocation: { readonly uri: string; readonly uriBaseId: "USERDIR" };
    readonly region: { readonly startLine: number };
  };
  readonly logicalLocations?: readonly {
    readonly name: string;
    readonly fullyQualifiedName: string;
    readonly kind: string;
  }[];
}

/** SARIF locations of a finding: its flow nodes when it has some and the flows file is known, else settings.js. */
export function findingLocations(
  finding: Finding,
  settings: { readonly uri: string; readonly line: number },
  flows: { readonly uri: string; readonly lines: Map<string, number> } | undefined,
): SarifLocation[] {
  if (flows && finding.nodes && finding.nodes.length > 0) {
    return finding.nodes.map((node) => ({
      physicalLocation: {
        artifactLocation: { uri: flows.uri, uriBaseId: "USERDIR" },
        region: { startLine: flows.lines.get(node.id) ?? 1 },
      },
      logicalLocations: [
        {
          name: node.name && node.name.length > 0 ? node.name : `${node.type} ${node.id}`,
          fullyQualifiedName: node.z ? `${node.z}/${node.id}` : node.id,
          kind: "object",
        },
      ],
    }));
  }
  return [
    {
      physicalLocation: {
        artifactLocation: { uri: settings.uri, uriBaseId: "USERDIR" },
        region: { startLine: settings.line },
      },
    },
  ];
}

/** A fingerprint that stays the same across runs for the same problem at the same place. */
export function fingerprint(finding: Finding): string {
  const where =
    (finding.nodes ?? [])
      .map((n) => n.id)
      .sort()
      .join(",") || (finding.settingsKeys ?? []).join(",");
  return createHash("sha256").update(`${finding.id}|${where}`).digest("hex").slice(0, 32);
}
