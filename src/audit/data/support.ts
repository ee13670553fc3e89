// Support data the version rules judge against: when Node.js and Node-RED majors stop getting fixes,
// and package versions with published advisories. Update it as releases and advisories come out:
// bump `updated`, add or change entries, cite the source of each one. The rules note when it is old.

export interface SupportAdvisory {
  /** GHSA or CVE id, as published. */
  readonly id: string;
  readonly severity: "critical" | "high" | "medium" | "low";
  readonly summary: string;
  /** Versions below this one are affected. */
  readonly fixedIn: string;
  /** Versions from this one up are affected (default: every version below fixedIn). */
  readonly introducedIn?: string;
  readonly url: string;
}

export interface SupportData {
  readonly updated: string;
  /** End-of-life date (YYYY-MM-DD) of each Node.js major. */
  readonly nodeJs: Readonly<Record<number, string>>;
  readonly nodeJsSource: string;
  /** End-of-life date of each Node-RED major; a major not listed is newer than this data. */
  readonly nodeRed: Readonly<Record<number, string>>;
  readonly nodeRedSource: string;
  /** Advisories by npm package name ("node-red" for the core). */
  readonly advisories: Readonly<Record<string, readonly SupportAdvisory[]>>;
}

export const SUPPORT: SupportData = {
  updated: "2026-11-23",
  // https://github.com/nodejs/Release (README table and schedule.json).
  nodeJs: {
    14: "2023-04-30",
    15: "2021-06-01",
    16: "2023-09-11",
    17: "2022-06-01",
    18: "2025-04-30",
    19: "2023-06-01",
    20: "2026-04-30",
    21: "2024-06-01",
    22: "2027-04-30",
    23: "2025-06-01",
    24: "2028-04-30",
    25: "2026-06-01",
    26: "2029-04-30",
  },
  nodeJsSource: "https://github.com/nodejs/Release#release-schedule",
  // https://nodered.org/about/releases/ (release plan; its dates are "subject to change").
  nodeRed: {
    1: "2022-06-30",
    2: "2023-06-30",
    3: "2025-06-30",
    4: "2026-06-30",
  },
  nodeRedSource: "https://nodered.org/about/releases/",
  advisories: {
    "node-red": [
      {
        id: "GHSA-m33v-338h-4v9f",
        severity: "high",
        summary: "Path traversal via the Projects API: a user with projects.read can read any file",
        fixedIn: "1.2.8",
        url: "https://github.com/advisories/GHSA-m33v-338h-4v9f",
      },
      {
        id: "GHSA-xp9c-82x8-7f67 (CVE-2021-21297)",
        severity: "high",
        summary: "Prototype pollution through a badly formed admin API request",
        fixedIn: "1.2.8",
        url: "https://github.com/advisories/GHSA-xp9c-82x8-7f67",
      },
    ],
    "node-red-dashboard": [
      {
        id: "CVE-2021-3223",
        severity: "high",
        summary: "Path traversal: anyone who reaches the dashboard can read files through ui_base/js/..%2f",
        fixedIn: "2.26.2",
        url: "https://nvd.nist.gov/vuln/detail/CVE-2021-3223",
      },
    ],
  },
};
