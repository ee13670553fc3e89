// Runtime half of the Security sidebar: admin endpoints that report this instance's posture and
// make bcrypt hashes. Both need full editor access: the report is a map of this instance's weak spots.
import type { Text } from "../i18n/messages";
import type { Request, Response } from "express";
import { Server as TlsServer } from "node:tls";
import { collectFacts, runAudit, type ServerFacts } from "../audit";
import { sendBusy, sendError, sendNoStoreJson } from "../admin-api/routes";
import { sharedBcryptPool } from "../auth/bcrypt-pool";
import { PasswordInputError, validateCost, validateNewPassword } from "../auth/hash-password";
import { WorkQueue } from "../auth/work-queue";
import { DEFAULT_LANGUAGE, matchLanguage } from "../i18n/catalog";
import type { RedApi } from "../red-api";
import { gatherDoors } from "./doors";
import { SECURITY_PERMISSION } from "../shared/permission";
import { registerHttpsApi } from "../admin-api/https-api";
import { registerSettingsFixesApi } from "../admin-api/settings-fixes-api";
import { httpsAuditContext } from "../tls/audit-context";
import { liveCheck } from "./live-check";
import { usersWithPasswords } from "./users-passwords";
import { basicLoginFacts, gatherCertificate, installedVersions, interfaces, requestInput } from "./instance-facts";

export const POSTURE_PATH = "/security/posture";
export const HASH_PATH = "/security/hash";

function serverFacts(RED: RedApi): ServerFacts | undefined {
  const server = RED.server;
  if (!server || typeof server.address !== "function") return undefined;
  const address = server.address();
  if (address === null) return undefined;
  return { address, tls: server instanceof TlsServer };
}

function runtimeVersion(RED: RedApi): string | undefined {
  try {
    return typeof RED.version === "function" ? RED.version() : undefined;
  } catch {
    return undefined;
  }
}

export default function securitySidebar(RED: RedApi): void {
  RED.plugins.registerPlugin("security-sidebar", { type: "node-red-contrib-security" });
  const guard = RED.auth.needsPermission(SECURITY_PERMISSION);
  // One hash at a time, a few waiting: a cost-12 bcrypt takes a fraction of a second of one core.
  const hashQueue = new WorkQueue({ concurrency: 1, budgetMs: Number.POSITIVE_INFINITY, maxWaiting: 4 });
  registerHttpsApi(RED, guard);
  registerSettingsFixesApi(RED, guard);

  RED.httpAdmin.get(POSTURE_PATH, guard, (req: Request, res: Response) => {
    const notes: Text[] = [];
    const server = serverFacts(RED);
    // How this request arrived (plain HTTP from afar, through a proxy) is judged by NRS-NET-005.
    const request = requestInput(req);
    // The live check knocks on every door (running open endpoints' flows once): only when asked.
    const wantsLiveCheck = req.query.probe === "1";
    gatherDoors(RED, notes)
      .then(async (doors) => {
        const live = wantsLiveCheck ? await liveCheck(RED, doors, notes) : undefined;
        const certificate = await gatherCertificate(RED, notes);
        return collectFacts(RED.settings, {
          source: "runtime",
          ...(server ? { server } : {}),
          ...optional("nodeRedVersion", runtimeVersion(RED)),
          notes,
          doors,
          ...optional("usersWithPasswords", usersWithPasswords(RED, doors.flows)),
          ...(live ? { liveCheck: live } : {}),
          ...(certificate ? { certificate } : {}),
          interfaces: interfaces(),
          request,
          packages: installedVersions(RED.settings),
          ...httpsAuditContext(typeof RED.settings.userDir === "string" ? RED.settings.userDir : undefined),
          basicLogins: basicLoginFacts(),
        });
      })
      .then((facts) => {
        // Findings in the editor's language, which the sidebar sends (RED.i18n.lang()); en-US otherwise.
        sendNoStoreJson(res, runAudit(facts, undefined, undefined, matchLanguage(req.query.lang) ?? DEFAULT_LANGUAGE));
      })
      .catch((err: unknown) => {
        RED.log.error(`[security] posture scan failed: ${err instanceof Error ? err.message : String(err)}`);
        sendError(res, 500, "ERR_NRS_SCAN", "The security scan failed; see the Node-RED log");
      });
  });

  RED.httpAdmin.post(HASH_PATH, guard, (req: Request, res: Response) => {
    const body: unknown = req.body;
    const { password, cost } = (typeof body === "object" && body !== null ? body : {}) as Record<string, unknown>;
    // The hash is made in a worker thread; this queue only limits how many the sidebar may ask for.
    let rounds = 12;
    try {
      rounds = validateCost(cost);
    } catch {
      // Refused with a clear error inside the task.
    }
    hashQueue
      .run(() => sharedBcryptPool().hash(validateNewPassword(password), validateCost(cost)), {
        estimateMs: sharedBcryptPool().estimateMs(rounds),
      })
      .then((hash) => {
        sendNoStoreJson(res, { hash });
      })
      .catch((err: unknown) => {
        if (err instanceof PasswordInputError) return sendError(res, 400, err.code, err.message);
        if (sendBusy(res, err)) return;
        RED.log.error(`[security] hashing failed: ${err instanceof Error ? err.message : String(err)}`);
        return sendError(res, 500, "ERR_NRS_HASH", "Hashing failed; see the Node-RED log");
      });
  });
}

function optional<K extends string, V>(key: K, value: V | undefined): Partial<Record<K, V>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, V>);
}
