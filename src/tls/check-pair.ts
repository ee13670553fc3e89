// Checks a certificate and key the user names (certbot's, a proxy's, a company CA's) before Node-RED
// is told to use them: they belong together, the certificate is valid now, and it names this host.
import { X509Certificate, createPrivateKey, type KeyObject } from "node:crypto";
import { readFileSync } from "node:fs";
import { namesHost } from "./local-ca";
import { allNames, machineNames, type MachineNames } from "./machine-names";

const DAY_MS = 86_400_000;

export interface PairCheck {
  /** Problems that make the pair unusable, in plain words; empty when it may be used. */
  readonly problems: readonly string[];
  readonly subject?: string;
  readonly issuer?: string;
  readonly validTo?: string;
  readonly daysLeft?: number;
  /** The names of `hosts` the certificate covers. */
  readonly matchedNames?: readonly string[];
}

export interface PairCheckOptions {
  readonly now?: Date;
  /** The machine's names and addresses (default: this machine's). */
  readonly machine?: MachineNames;
  /** Names people reach Node-RED by that this machine does not know itself (a public DNS name). */
  readonly names?: readonly string[];
}

function reason(err: unknown): string {
  const code = err && typeof err === "object" && "code" in err ? err.code : undefined;
  if (code === "ENOENT") {
    return "no such file";
  }
  if (code === "EACCES") {
    return "permission denied (Node-RED's user must be able to read it)";
  }
  return err instanceof Error ? err.message.split("\n")[0] || err.name : String(err);
}

/** Reads a certificate and key pair: file problems become messages, never exceptions. */
export function readPair(
  certFile: string,
  keyFile: string,
): { cert?: X509Certificate; certPem?: string; key?: KeyObject; keyPem?: string; problems: string[] } {
  const problems: string[] = [];
  let cert: X509Certificate | undefined;
  let certPem: string | undefined;
  let key: KeyObject | undefined;
  let keyPem: string | undefined;
  try {
    certPem = readFileSync(certFile, "utf8");
    try {
      cert = new X509Certificate(certPem);
    } catch {
      problems.push(`${certFile} is not a certificate (expected PEM text starting with -----BEGIN CERTIFICATE-----).`);
    }
  } catch (err) {
    problems.push(`The certificate ${certFile} cannot be read: ${reason(err)}.`);
  }
  try {
    keyPem = readFileSync(keyFile, "utf8");
    try {
      key = createPrivateKey(keyPem);
    } catch {
      problems.push(
        `${keyFile} is not a private key (or it is protected by a passphrase, which Node-RED cannot type).`,
      );
    }
  } catch (err) {
    problems.push(`The key ${keyFile} cannot be read: ${reason(err)}.`);
  }
  if (cert && key && !cert.checkPrivateKey(key)) {
    problems.push(
      `The key ${keyFile} does not belong to the certificate ${certFile}: their public keys differ. ` +
        "Use the key that was made with this certificate (certbot: privkey.pem beside fullchain.pem).",
    );
  }
  return {
    ...(cert ? { cert } : {}),
    ...(certPem !== undefined ? { certPem } : {}),
    ...(key ? { key } : {}),
    ...(keyPem !== undefined ? { keyPem } : {}),
    problems,
  };
}

/** Checks the pair: readable, matching, valid now, naming this host. */
export function checkCertificatePair(certFile: string, keyFile: string, options: PairCheckOptions = {}): PairCheck {
  const now = options.now ?? new Date();
  const read = readPair(certFile, keyFile);
  const problems = [...read.problems];
  const cert = read.cert;
  if (!cert) return { problems };
  const validTo = new Date(cert.validTo);
  const validFrom = new Date(cert.validFrom);
  const daysLeft = Math.floor((validTo.getTime() - now.getTime()) / DAY_MS);
  if (validTo.getTime() <= now.getTime()) {
    problems.push(
      `The certificate expired on ${validTo.toISOString().slice(0, 10)}: renew it (certbot renew) and try again.`,
    );
  } else if (validFrom.getTime() > now.getTime()) {
    problems.push(
      `The certificate is not valid before ${validFrom.toISOString().slice(0, 10)}: check this machine's clock.`,
    );
  }
  const hosts = [...(options.names ?? []), ...allNames(options.machine ?? machineNames())];
  const matched = hosts.filter((h) => namesHost(cert, h));
  if (matched.length === 0) {
    const listed = (cert.subjectAltName ?? "").replace(/(DNS|IP Address):/g, "") || cert.subject.replace(/\n/g, ", ");
    problems.push(
      `The certificate is for ${listed}, not for this machine (${allNames(options.machine ?? machineNames()).join(", ")}). ` +
        "If people reach Node-RED by that name (a DNS name pointing here), say so with --name <that name>.",
    );
  }
  return {
    problems,
    subject: cert.subject.replace(/\n/g, ", "),
    issuer: cert.issuer.replace(/\n/g, ", "),
    validTo: validTo.toISOString(),
    daysLeft,
    matchedNames: matched,
  };
}
