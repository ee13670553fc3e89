// Checks a certificate and key the user names (certbot's, a proxy's, a company CA's) before Node-RED
// is told to use them: they belong together, the certificate is valid now, and it names this host.
import { X509Certificate, createPrivateKey, type KeyObject } from "node:crypto";
import { readFileSync } from "node:fs";
import { messages, type Message } from "../i18n/messages";
import { DEFAULT_LANGUAGE, translator, type Language } from "../i18n/catalog";
import { namesHost } from "./local-ca";
import { allNames, machineNames, type MachineNames } from "./machine-names";

const DAY_MS = 86_400_000;

/** The problems' words live in the sidebar's catalogue, "https.problem.*", as the HTTPS panel shows them. */
const msg = messages("https.problem");

/** Puts an HTTPS message ("https.problem.*", "https.error.*") into words in one language (default en-US). */
export function httpsText(text: Message, lang: Language = DEFAULT_LANGUAGE): string {
  return translator("security-sidebar.json", lang, "plugins/locales")(text);
}

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
  /** The language of the problems (default en-US). */
  readonly lang?: Language;
}

function reason(err: unknown): Message | string {
  const code = err && typeof err === "object" && "code" in err ? err.code : undefined;
  if (code === "ENOENT") {
    return msg("noFile");
  }
  if (code === "EACCES") {
    return msg("denied");
  }
  return err instanceof Error ? err.message.split("\n")[0] || err.name : String(err);
}

/** Reads a certificate and key pair: file problems become messages, never exceptions. */
export function readPair(
  certFile: string,
  keyFile: string,
  lang: Language = DEFAULT_LANGUAGE,
): { cert?: X509Certificate; certPem?: string; key?: KeyObject; keyPem?: string; problems: string[] } {
  const found: Message[] = [];
  let cert: X509Certificate | undefined;
  let certPem: string | undefined;
  let key: KeyObject | undefined;
  let keyPem: string | undefined;
  try {
    certPem = readFileSync(certFile, "utf8");
    try {
      cert = new X509Certificate(certPem);
    } catch {
      found.push(msg("notCert", { file: certFile }));
    }
  } catch (err) {
    found.push(msg("certUnreadable", { file: certFile, reason: reason(err) }));
  }
  try {
    keyPem = readFileSync(keyFile, "utf8");
    try {
      key = createPrivateKey(keyPem);
    } catch {
      found.push(msg("notKey", { file: keyFile }));
    }
  } catch (err) {
    found.push(msg("keyUnreadable", { file: keyFile, reason: reason(err) }));
  }
  if (cert && key && !cert.checkPrivateKey(key)) {
    found.push(msg("mismatch", { key: keyFile, cert: certFile }));
  }
  const problems = found.map((m) => httpsText(m, lang));
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
  const lang = options.lang ?? DEFAULT_LANGUAGE;
  const read = readPair(certFile, keyFile, lang);
  const problems = [...read.problems];
  const cert = read.cert;
  if (!cert) return { problems };
  const validTo = new Date(cert.validTo);
  const validFrom = new Date(cert.validFrom);
  const daysLeft = Math.floor((validTo.getTime() - now.getTime()) / DAY_MS);
  if (validTo.getTime() <= now.getTime()) {
    problems.push(httpsText(msg("expired", { date: validTo.toISOString().slice(0, 10) }), lang));
  } else if (validFrom.getTime() > now.getTime()) {
    problems.push(httpsText(msg("notYet", { date: validFrom.toISOString().slice(0, 10) }), lang));
  }
  const hosts = [...(options.names ?? []), ...allNames(options.machine ?? machineNames())];
  const matched = hosts.filter((h) => namesHost(cert, h));
  if (matched.length === 0) {
    const listed = (cert.subjectAltName ?? "").replace(/(DNS|IP Address):/g, "") || cert.subject.replace(/\n/g, ", ");
    const own = allNames(options.machine ?? machineNames()).join(", ");
    problems.push(httpsText(msg("wrongHost", { listed, names: own }), lang));
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
