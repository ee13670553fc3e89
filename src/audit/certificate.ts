// Reads a TLS certificate into secret-free facts: who it names, who signed it, its key and its dates.
// Only the certificate is ever parsed; the private key beside it in settings.https is never touched.
import { X509Certificate } from "node:crypto";
import type { CertificateFacts } from "./facts";

const DAY_MS = 86_400_000;
/** How long an `https` function of settings.js may take to answer. */
export const HTTPS_FUNCTION_TIMEOUT_MS = 2000;

/** Key size in bits of the named curves node:crypto reports. */
const CURVE_BITS: Readonly<Record<string, number>> = {
  prime192v1: 192,
  secp192k1: 192,
  secp224r1: 224,
  secp224k1: 224,
  prime256v1: 256,
  secp256r1: 256,
  secp256k1: 256,
  secp384r1: 384,
  secp521r1: 521,
  brainpoolP256r1: 256,
  brainpoolP384r1: 384,
  brainpoolP512r1: 512,
};

/** A certificate as a tls option holds it: PEM text or a Buffer (PEM or DER), maybe a list (chain). */
export type CertificateInput = string | Uint8Array;

function oneLine(name: string): string {
  return name
    .split("\n")
    .map((part) => part.trim())
    .filter(Boolean)
    .join(", ");
}

function parse(raw: unknown): X509Certificate | undefined {
  const first: unknown = Array.isArray(raw) ? (raw as unknown[])[0] : raw;
  if (typeof first !== "string" && !(first instanceof Uint8Array)) return undefined;
  try {
    return new X509Certificate(typeof first === "string" ? first : Buffer.from(first));
  } catch {
    return undefined;
  }
}

/** Signed by its own key. (checkIssued is not used: it also wants keyCertSign, which server certificates lack.) */
function isSelfSigned(cert: X509Certificate): boolean {
  try {
    return cert.verify(cert.publicKey);
  } catch {
    return false;
  }
}

function describeKey(cert: X509Certificate): Pick<CertificateFacts, "keyType" | "keyBits" | "curve"> {
  try {
    const key = cert.publicKey;
    const type = key.asymmetricKeyType;
    const details = key.asymmetricKeyDetails ?? {};
    if (details.modulusLength !== undefined) {
      return { ...(type ? { keyType: type } : {}), keyBits: details.modulusLength };
    }
    if (details.namedCurve !== undefined) {
      const bits = CURVE_BITS[details.namedCurve];
      return { ...(type ? { keyType: type } : {}), curve: details.namedCurve, ...(bits ? { keyBits: bits } : {}) };
    }
    if (type === "ed25519") return { keyType: type, keyBits: 256 };
    if (type === "ed448") return { keyType: type, keyBits: 448 };
    return type ? { keyType: type } : {};
  } catch {
    return {};
  }
}

/**
 * The facts of a certificate (PEM or DER, or a chain whose first entry is the server's own), or
 * undefined when it is not one. `now` is the time of the scan.
 */
export function describeCertificate(
  raw: unknown,
  source: CertificateFacts["source"],
  now: Date,
  localCaCert?: string,
): CertificateFacts | undefined {
  const cert = parse(raw);
  if (!cert) return undefined;
  const validFrom = new Date(cert.validFrom);
  const validTo = new Date(cert.validTo);
  if (!Number.isFinite(validTo.getTime()) || !Number.isFinite(validFrom.getTime())) return undefined;
  return {
    source,
    subject: oneLine(cert.subject) || "(empty subject)",
    issuer: oneLine(cert.issuer) || "(empty issuer)",
    selfSigned: isSelfSigned(cert),
    validFrom: validFrom.toISOString(),
    validTo: validTo.toISOString(),
    daysLeft: Math.floor((validTo.getTime() - now.getTime()) / DAY_MS),
    ...describeKey(cert),
    ...(localCaCert !== undefined && issuedBy(cert, localCaCert) ? { issuedByLocalCa: true } : {}),
  };
}

/** Signed by this Node-RED's own authority (the package's <userDir>/security/tls/ca.pem). */
function issuedBy(cert: X509Certificate, caPem: string): boolean {
  try {
    const ca = new X509Certificate(caPem);
    return cert.checkIssued(ca) && cert.verify(ca.publicKey);
  } catch {
    return false;
  }
}

/** The property security.https() puts on the function it returns, so the audit can tell it apart. */
export const PACKAGE_HTTPS_MARK = "nodeRedContribSecurityHttps";

export function isPackageHttps(value: unknown): boolean {
  return typeof value === "function" && (value as unknown as Record<string, unknown>)[PACKAGE_HTTPS_MARK] === true;
}

export interface HttpsCertificate {
  /** The `cert` the https setting holds (only the certificate: never the key). */
  readonly cert?: unknown;
  /** Why there is none, in plain words. */
  readonly note?: string;
}

function certOf(value: unknown): HttpsCertificate {
  if (typeof value !== "object" || value === null) return { note: "settings.https gave no options object" };
  const cert = (value as Record<string, unknown>).cert;
  if (cert === undefined) return { note: "settings.https has no cert (a pfx bundle is not read)" };
  return { cert };
}

/**
 * The certificate settings.https names: an object with `cert`, or a function returning one (or a
 * Promise of one). A function is called once, given HTTPS_FUNCTION_TIMEOUT_MS, and may fail: never throws.
 */
export async function certificateFromHttpsSetting(value: unknown, userDir?: string): Promise<HttpsCertificate> {
  if (typeof value !== "function") return value ? certOf(value) : {};
  if (isPackageHttps(value)) {
    // Never called here: it would make or renew certificates (as whoever runs the audit). It says
    // which certificate it serves instead.
    const peek = (value as unknown as { currentCertificate?: (dir?: string) => string | undefined }).currentCertificate;
    const cert = typeof peek === "function" ? peek(userDir) : undefined;
    return cert === undefined ? { note: "security.https() has not made or found a certificate yet" } : { cert };
  }
  let timer: NodeJS.Timeout | undefined;
  try {
    const timeout = new Promise<"timeout">((resolve) => {
      timer = setTimeout(() => resolve("timeout"), HTTPS_FUNCTION_TIMEOUT_MS);
    });
    const result = await Promise.race([Promise.resolve((value as () => unknown)()), timeout]);
    if (result === "timeout") return { note: "the https function of settings.js took too long to answer" };
    return certOf(result);
  } catch (err) {
    return {
      note: `the https function of settings.js failed (${err instanceof Error ? err.name : "error"})`,
    };
  } finally {
    if (timer) clearTimeout(timer);
  }
}
