// Certificates made on the fly for TLS tests (selfsigned): self-signed or signed by a test CA,
// with a chosen key and expiry. Test material only: these keys protect nothing.
import { generate } from "selfsigned";

export interface TestCertificate {
  readonly cert: string;
  readonly key: string;
}

const DAY_MS = 86_400_000;

export interface CertificateOptions {
  readonly commonName?: string;
  /** Days from now until it expires (negative: already expired). Default 365. */
  readonly days?: number;
  readonly keyType?: "rsa" | "ec";
  readonly keySize?: number;
  readonly curve?: "P-256" | "P-384" | "P-521";
  /** Sign with this CA instead of the certificate's own key. */
  readonly ca?: TestCertificate;
  /** Make it a CA certificate (to sign others). */
  readonly isCa?: boolean;
}

export async function makeCertificate(options: CertificateOptions = {}): Promise<TestCertificate> {
  const days = options.days ?? 365;
  const notAfter = new Date(Date.now() + days * DAY_MS);
  const notBefore = new Date(Math.min(Date.now() - DAY_MS, notAfter.getTime() - DAY_MS));
  const pems = await generate([{ name: "commonName", value: options.commonName ?? "localhost" }], {
    keyType: options.keyType ?? "rsa",
    ...(options.keySize === undefined ? {} : { keySize: options.keySize }),
    ...(options.curve === undefined ? {} : { curve: options.curve }),
    algorithm: "sha256",
    notBeforeDate: notBefore,
    notAfterDate: notAfter,
    ...(options.ca ? { ca: { key: options.ca.key, cert: options.ca.cert } } : {}),
    ...(options.isCa
      ? {
          extensions: [
            { name: "basicConstraints", cA: true },
            { name: "keyUsage", keyCertSign: true, cRLSign: true, digitalSignature: true },
          ],
        }
      : {}),
  });
  return { cert: pems.cert, key: pems.private };
}
