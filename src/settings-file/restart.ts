// How to restart Node-RED on this machine, so the edited settings.js is read: systemd, Docker, pm2,
// the Raspberry Pi script, or a plain terminal.
import { existsSync, readFileSync } from "node:fs";
import { hostname } from "node:os";
import { delimiter, join } from "node:path";

export type RestartKind = "pm2" | "docker" | "raspberry-pi" | "systemd" | "terminal";

export interface RestartAdvice {
  readonly kind: RestartKind;
  /** The command to run, when there is one. */
  readonly command?: string;
  readonly text: string;
}

export interface RestartProbe {
  readonly env: NodeJS.ProcessEnv;
  readonly exists: (path: string) => boolean;
  readonly read: (path: string) => string | undefined;
}

const realProbe: RestartProbe = {
  env: process.env,
  exists: existsSync,
  read: (path) => {
    try {
      return readFileSync(path, "utf8");
    } catch {
      return undefined;
    }
  },
};

function onPath(probe: RestartProbe, name: string): boolean {
  const dirs = (probe.env.PATH ?? "").split(delimiter).filter(Boolean);
  return [...dirs, "/usr/bin", "/usr/local/bin"].some((d) => probe.exists(join(d, name)));
}

/** The systemd unit this process runs in (from /proc/self/cgroup), e.g. "nodered.service". */
function systemdUnit(probe: RestartProbe): string | undefined {
  const cgroup = probe.read("/proc/self/cgroup") ?? "";
  const match = /\/([^/\s]+\.service)\s*$/m.exec(cgroup);
  return match?.[1];
}

export function restartAdvice(probe: RestartProbe = realProbe): RestartAdvice {
  const { env } = probe;
  if (env.pm_id !== undefined || env.PM2_HOME !== undefined) {
    const name = env.name ?? "node-red";
    return {
      kind: "pm2",
      command: `pm2 restart ${name}`,
      text: `Node-RED runs under pm2: restart it with "pm2 restart ${name}".`,
    };
  }
  if (probe.exists("/.dockerenv")) {
    const container = env.HOSTNAME ?? hostname();
    return {
      kind: "docker",
      command: `docker restart ${container}`,
      text: `Node-RED runs in a Docker container: on the host, run "docker restart ${container}" (or "docker compose restart").`,
    };
  }
  const comm = (probe.read("/proc/1/comm") ?? "").trim();
  const underSystemd = env.INVOCATION_ID !== undefined || (comm === "systemd" && systemdUnit(probe) !== undefined);
  if (underSystemd && onPath(probe, "node-red-restart")) {
    return {
      kind: "raspberry-pi",
      command: "node-red-restart",
      text: 'Node-RED runs as the Raspberry Pi service: run "node-red-restart" in a terminal on this machine.',
    };
  }
  if (underSystemd) {
    const unit = systemdUnit(probe) ?? "nodered.service";
    return {
      kind: "systemd",
      command: `sudo systemctl restart ${unit}`,
      text: `Node-RED runs as the systemd service ${unit}: run "sudo systemctl restart ${unit}".`,
    };
  }
  return {
    kind: "terminal",
    text: 'Stop Node-RED in the terminal it runs in (Ctrl+C) and start it again the same way (for example "node-red").',
  };
}
