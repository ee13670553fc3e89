// What the audit needs to know about the package's own HTTPS: the https function's last status and
// this Node-RED's authority certificate (public; its key is never read here).
import type { PackageHttpsFacts } from "../audit/facts";
import { readCaCertificate } from "./local-ca";
import { readStatus } from "./status";

export function httpsAuditContext(userDir: string | undefined): {
  packageHttps?: PackageHttpsFacts;
  localCaCert?: string;
} {
  if (userDir === undefined) return {};
  const status = readStatus(userDir);
  const ca = readCaCertificate(userDir);
  return {
    ...(status
      ? {
          packageHttps: {
            state: status.state,
            source: status.source,
            ...(status.reason === undefined ? {} : { reason: status.reason }),
          },
        }
      : {}),
    ...(ca === undefined ? {} : { localCaCert: ca }),
  };
}
