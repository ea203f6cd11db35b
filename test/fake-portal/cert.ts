/**
 * The fake portal's TLS certificate: generated in memory at start (selfsigned), never written to disk. One per
 * process; it names every portal host (PORTAL.md "Hosts") plus localhost and 127.0.0.1.
 */
import { X509Certificate, createHash } from 'node:crypto';
import { generate } from 'selfsigned';

export const PORTAL_HOSTS = ['security.microsoft.com', 'security.microsoft.us', 'security.apps.mil'] as const;
export type PortalHost = (typeof PORTAL_HOSTS)[number];

export interface Certificate {
  readonly key: string;
  readonly cert: string;
  /** base64 SHA-256 of the public key (for Chromium's --ignore-certificate-errors-spki-list). */
  readonly spkiHash: string;
}

let cached: Promise<Certificate> | null = null;

export function portalCertificate(): Promise<Certificate> {
  cached ??= (async () => {
    const notBeforeDate = new Date(Date.now() - 24 * 3_600_000);
    const notAfterDate = new Date(Date.now() + 30 * 24 * 3_600_000);
    const pems = await generate([{ name: 'commonName', value: PORTAL_HOSTS[0] }, { name: 'organizationName', value: 'Fake Defender portal (tests only)' }], {
      keyType: 'ec',
      curve: 'P-256',
      algorithm: 'sha256',
      notBeforeDate,
      notAfterDate,
      extensions: [
        { name: 'basicConstraints', cA: false },
        { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
        { name: 'extKeyUsage', serverAuth: true },
        {
          name: 'subjectAltName',
          altNames: [...PORTAL_HOSTS.map((value) => ({ type: 2 as const, value })), { type: 2, value: 'localhost' }, { type: 7, ip: '127.0.0.1' }],
        },
      ],
    });
    const spki = new X509Certificate(pems.cert).publicKey.export({ type: 'spki', format: 'der' });
    return { key: pems.private, cert: pems.cert, spkiHash: createHash('sha256').update(spki).digest('base64') };
  })();
  return cached;
}
