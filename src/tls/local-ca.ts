// A small certificate authority for this Node-RED and a server certificate it signs for every name
// and address the machine answers to (the approach of mkcert). Keys come from node:crypto; the X.509
// encoding and signing come from node-forge, loaded only here, when a certificate is made.
import { X509Certificate, createPrivateKey, generateKeyPairSync, randomBytes } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { isIP } from "node:net";
import { hostname } from "node:os";
import type * as Forge from "node-forge";
import { makePrivateDir, writeFileAtomic } from "./files";
import { allNames, machineNames, type MachineNames } from "./machine-names";
import { tlsDir, tlsFile } from "./paths";

const DAY_MS = 86_400_000;
/** Apple accepts TLS server certificates valid for at most 398 days; stay under 397. */
export const SERVER_VALIDITY_DAYS = 396;
/** A new server certificate is made when the current one has fewer days left than this. */
export const RENEW_BEFORE_DAYS = 30;
/** The authority itself lasts ten years (as mkcert's does); only devices that trust it need it. */
export const CA_VALIDITY_DAYS = 3650;
export const CA_ORGANIZATION = "node-red-contrib-security local CA";

export interface LocalCertificate {
  readonly key: string;
  readonly cert: string;
  readonly caCert: string;
  /** The server certificate was made (or renewed) by this call. */
  readonly issued: boolean;
  /** The authority was made by this call. */
  readonly caCreated: boolean;
  readonly validTo: Date;
  readonly names: readonly string[];
}

export interface LocalCertificateOptions {
  readonly now?: Date;
  readonly names?: MachineNames;
  /** Extra DNS names to list (the name a router or DNS gives this machine). */
  readonly extraNames?: readonly string[];
}

function loadForge(): typeof Forge {
  // Lazy on purpose: nothing else in the package needs it, and it is 1.8 MB of JavaScript.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require("node-forge") as typeof Forge;
}

function newRsaKey(): { privatePem: string; publicPem: string } {
  const { privateKey, publicKey } = generateKeyPairSync("rsa", {
    modulusLength: 2048,
    publicKeyEncoding: { type: "spki", format: "pem" },
    privateKeyEncoding: { type: "pkcs1", format: "pem" },
  });
  return { privatePem: privateKey, publicPem: publicKey };
}

/** A random positive serial number (a leading 0x01 keeps DER from reading it as negative). */
function serial(): string {
  return `01${randomBytes(15).toString("hex")}`;
}

function readCert(file: string): X509Certificate | undefined {
  try {
    return existsSync(file) ? new X509Certificate(readFileSync(file)) : undefined;
  } catch {
    return undefined;
  }
}

/** The authority's files, when both exist, belong together and are still valid at `now`. */
function existingCa(
  userDir: string,
  now: Date,
): { cert: X509Certificate; certPem: string; keyPem: string } | undefined {
  const cert = readCert(tlsFile(userDir, "caCert"));
  if (!cert || !existsSync(tlsFile(userDir, "caKey"))) return undefined;
  try {
    const keyPem = readFileSync(tlsFile(userDir, "caKey"), "utf8");
    if (!cert.checkPrivateKey(createPrivateKey(keyPem))) return undefined;
    if (new Date(cert.validTo).getTime() - now.getTime() < SERVER_VALIDITY_DAYS * DAY_MS) return undefined;
    return { cert, certPem: readFileSync(tlsFile(userDir, "caCert"), "utf8"), keyPem };
  } catch {
    return undefined;
  }
}

function createCa(forge: typeof Forge, userDir: string, now: Date): { certPem: string; keyPem: string } {
  const { privatePem, publicPem } = newRsaKey();
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(publicPem);
  cert.serialNumber = serial();
  cert.validity.notBefore = new Date(now.getTime() - 3_600_000);
  cert.validity.notAfter = new Date(now.getTime() + CA_VALIDITY_DAYS * DAY_MS);
  const name = (hostname() || "node-red").slice(0, 40);
  const attrs = [
    { name: "commonName", value: `Node-RED on ${name} (${randomBytes(3).toString("hex")})` },
    { name: "organizationName", value: CA_ORGANIZATION },
  ];
  cert.setSubject(attrs);
  cert.setIssuer(attrs);
  cert.setExtensions([
    { name: "basicConstraints", cA: true, pathLenConstraint: 0, critical: true },
    { name: "keyUsage", keyCertSign: true, cRLSign: true, digitalSignature: true, critical: true },
    { name: "subjectKeyIdentifier" },
  ]);
  cert.sign(forge.pki.privateKeyFromPem(privatePem), forge.md.sha256.create());
  const certPem = forge.pki.certificateToPem(cert).replace(/\r\n/g, "\n");
  makePrivateDir(tlsDir(userDir));
  writeFileAtomic(tlsFile(userDir, "caKey"), privatePem, 0o600);
  writeFileAtomic(tlsFile(userDir, "caCert"), certPem, 0o644);
  return { certPem, keyPem: privatePem };
}

function issueServer(
  forge: typeof Forge,
  userDir: string,
  ca: { certPem: string; keyPem: string },
  names: MachineNames,
  now: Date,
): { certPem: string; keyPem: string } {
  const caCert = forge.pki.certificateFromPem(ca.certPem);
  const { privatePem, publicPem } = newRsaKey();
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(publicPem);
  cert.serialNumber = serial();
  cert.validity.notBefore = new Date(now.getTime() - 3_600_000);
  cert.validity.notAfter = new Date(now.getTime() + SERVER_VALIDITY_DAYS * DAY_MS);
  cert.setSubject([
    { name: "commonName", value: names.dns[0] ?? "localhost" },
    { name: "organizationName", value: CA_ORGANIZATION },
  ]);
  cert.setIssuer(caCert.subject.attributes);
  cert.setExtensions([
    { name: "basicConstraints", cA: false, critical: true },
    { name: "keyUsage", digitalSignature: true, keyEncipherment: true, critical: true },
    { name: "extKeyUsage", serverAuth: true },
    {
      name: "subjectAltName",
      altNames: [...names.dns.map((value) => ({ type: 2, value })), ...names.ips.map((ip) => ({ type: 7, ip }))],
    },
    { name: "subjectKeyIdentifier" },
    { name: "authorityKeyIdentifier", keyIdentifier: caCert.generateSubjectKeyIdentifier().getBytes() },
  ]);
  cert.sign(forge.pki.privateKeyFromPem(ca.keyPem), forge.md.sha256.create());
  const certPem = forge.pki.certificateToPem(cert).replace(/\r\n/g, "\n");
  writeFileAtomic(tlsFile(userDir, "serverKey"), privatePem, 0o600);
  writeFileAtomic(tlsFile(userDir, "serverCert"), certPem, 0o644);
  return { certPem, keyPem: privatePem };
}

/** The certificate is valid for this host name or address (no wildcards, no subject fallback). */
export function namesHost(cert: X509Certificate, name: string): boolean {
  try {
    return isIP(name) === 0
      ? cert.checkHost(name, { wildcards: true, subject: "never" }) !== undefined
      : cert.checkIP(name) !== undefined;
  } catch {
    return false;
  }
}

/** Why the current server certificate must be replaced, or undefined when it may stay. */
export function renewalReason(
  cert: X509Certificate | undefined,
  caCert: X509Certificate,
  names: readonly string[],
  now: Date,
): string | undefined {
  if (!cert) return "there is no server certificate yet";
  if (!cert.checkIssued(caCert) || !cert.verify(caCert.publicKey)) return "it was not signed by this authority";
  const daysLeft = (new Date(cert.validTo).getTime() - now.getTime()) / DAY_MS;
  if (daysLeft < RENEW_BEFORE_DAYS) return `it has ${String(Math.max(0, Math.floor(daysLeft)))} days left`;
  if (new Date(cert.validFrom).getTime() > now.getTime()) return "it is not valid yet (the clock moved back)";
  const missing = names.filter((n) => !namesHost(cert, n));
  if (missing.length) return `this machine is now also ${missing.join(", ")}`;
  return undefined;
}

/**
 * The authority and a current server certificate for this machine, made when missing and renewed
 * RENEW_BEFORE_DAYS before the end (or when the machine's names changed). Synchronous: Node-RED's
 * https function may return its options directly.
 */
export function ensureLocalCertificate(userDir: string, options: LocalCertificateOptions = {}): LocalCertificate {
  const now = options.now ?? new Date();
  const base = options.names ?? machineNames();
  const names: MachineNames = {
    dns: [...new Set([...base.dns, ...(options.extraNames ?? []).map((n) => n.toLowerCase())])],
    ips: base.ips,
  };
  let forge: typeof Forge | undefined;
  let ca: { certPem: string; keyPem: string } | undefined = existingCa(userDir, now);
  let caCreated = false;
  if (!ca) {
    forge = loadForge();
    ca = createCa(forge, userDir, now);
    caCreated = true;
  }
  const caCert = new X509Certificate(ca.certPem);
  const current = readCert(tlsFile(userDir, "serverCert"));
  let keyPem: string | undefined;
  if (current && existsSync(tlsFile(userDir, "serverKey"))) {
    try {
      keyPem = readFileSync(tlsFile(userDir, "serverKey"), "utf8");
      if (!current.checkPrivateKey(createPrivateKey(keyPem))) keyPem = undefined;
    } catch {
      keyPem = undefined;
    }
  }
  const reason = keyPem === undefined ? "its key is missing" : renewalReason(current, caCert, allNames(names), now);
  if (reason === undefined && current && keyPem !== undefined) {
    return {
      key: keyPem,
      // The file's own text: Node-RED compares it with what it serves to see whether anything changed.
      cert: readFileSync(tlsFile(userDir, "serverCert"), "utf8"),
      caCert: ca.certPem,
      issued: false,
      caCreated,
      validTo: new Date(current.validTo),
      names: allNames(names),
    };
  }
  forge ??= loadForge();
  const made = issueServer(forge, userDir, ca, names, now);
  return {
    key: made.keyPem,
    cert: made.certPem,
    caCert: ca.certPem,
    issued: true,
    caCreated,
    validTo: new Date(new X509Certificate(made.certPem).validTo),
    names: allNames(names),
  };
}

/** The authority's certificate (PEM) when this Node-RED has one. */
export function readCaCertificate(userDir: string): string | undefined {
  return readCert(tlsFile(userDir, "caCert"))?.toString();
}
