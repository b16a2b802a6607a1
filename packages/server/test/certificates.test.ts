import { makeCertificate, opensslFingerprint, privateKey, textWrapped } from '@chaman/domain/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { companyWithChief, UPLOAD } from './support/chaman.js';
import { databaseKinds } from './support/databases.js';
import { APPOINT, signUp, type Caller } from './support/people.js';
import { startTestServer, type TestServer } from './support/server.js';

const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');

describe.each(databaseKinds)('certificates on %s', (kind) => {
  let server: TestServer;
  let chief: Caller;
  let companyId: string;
  beforeAll(async () => {
    server = await startTestServer(kind);
    ({ chief, companyId } = await companyWithChief(server, 'certs'));
  });
  afterAll(async () => server.stop());

  it.each([
    ['rsa:2048', 'sha256'],
    ['rsa:3072', 'sha384'],
    ['rsa:4096', 'sha512'],
    ['ec:P-384', 'sha384'],
    ['ec:P-521', 'sha512'],
  ] as const)('accepts %s / %s, as PEM and as base64 DER', async (key, digest) => {
    const pem = makeCertificate({ key, digest });
    const a = (await chief.q(UPLOAD, { companyId, name: `${key} pem`, content: pem.certPem })).uploadCertificate;
    expect(a).toMatchObject({ keyAlgorithm: key.startsWith('rsa') ? 'RSA' : 'EC', selfSigned: true, keyUsage: ['digitalSignature'] });
    expect(a.sha256Fingerprint).toBe(opensslFingerprint(pem));
    expect(a.expiresInDays).toBeGreaterThanOrEqual(364);
    const der = makeCertificate({ key, digest });
    const b = (await chief.q(UPLOAD, { companyId, name: `${key} der`, content: b64(der.certDer) })).uploadCertificate;
    expect(b.sha256Fingerprint).toBe(opensslFingerprint(der));
  });

  it('accepts a CA-issued certificate in a chain, and the openssl -text form', async () => {
    const ca = makeCertificate({ key: 'ec:P-384', cn: 'Acme CA', keyUsage: 'critical,keyCertSign', basicConstraints: 'critical,CA:TRUE' });
    const leaf = makeCertificate({ key: 'rsa:2048', cn: 'leaf', issuer: ca });
    const r = (await chief.q(UPLOAD, { companyId, name: 'chain', content: leaf.certPem + ca.certPem })).uploadCertificate;
    expect(r).toMatchObject({ selfSigned: false, issuer: 'O=Chaman Tests, CN=Acme CA' });
    const other = makeCertificate({ key: 'ec:P-384' });
    expect((await chief.q(UPLOAD, { companyId, name: 'text', content: textWrapped(other) })).uploadCertificate.name).toBe('text');
  });

  it('refuses with CERTIFICATE_REJECTED and every violation, storing nothing', async () => {
    const count = async () => (await chief.q(`query($id: ID!) { company(id: $id) { certificates(first: 100) { nodes { id } } } }`, { id: companyId })).company.certificates.nodes.length;
    const before = await count();
    const bad = makeCertificate({ key: 'rsa:1024', digest: 'sha1', keyUsage: null, notBefore: new Date('2020-01-01Z'), notAfter: new Date('2021-01-01Z') });
    const e = await chief.fails(UPLOAD, { companyId, name: 'bad', content: bad.certPem });
    expect(e.code).toBe('CERTIFICATE_REJECTED');
    expect((e.extensions.violations as { code: string }[]).map((v) => v.code)).toEqual([
      'certificate/key-size',
      'certificate/digest',
      'certificate/key-usage',
      'certificate/validity',
    ]);
    const cases: [string, string][] = [
      [privateKey('rsa:2048'), 'This file is a private key. Upload the certificate; never share the private key.'],
      [makeCertificate({ key: 'ec:P-256' }).certPem, 'EC key on curve P-256; allowed: P-384 or P-521'],
      [makeCertificate({ key: 'ed25519' }).certPem, 'Ed25519 key; allowed: RSA (2048, 3072 or 4096 bits) or EC (P-384 or P-521)'],
      [makeCertificate({ keyUsage: 'critical,keyCertSign' }).certPem, 'Key usage is keyCertSign, without Digital Signature; it must include Digital Signature'],
      ['', 'The file is empty.'],
      ['bm90IGEgY2VydGlmaWNhdGU=', 'This file is not an X.509 certificate: it is neither PEM ("-----BEGIN CERTIFICATE-----") nor DER.'],
    ];
    for (const [content, message] of cases) {
      const r = await chief.fails(UPLOAD, { companyId, name: 'bad', content });
      expect(r.code).toBe('CERTIFICATE_REJECTED');
      expect((r.extensions.violations as { message: string }[])[0]!.message).toBe(message);
    }
    const huge = await chief.fails(UPLOAD, { companyId, name: 'huge', content: 'A'.repeat(100_000) });
    expect(huge.code).toBe('CERTIFICATE_REJECTED');
    expect(await count()).toBe(before);
  });

  it('stores a certificate once per company: again is a CONFLICT naming the existing one', async () => {
    const made = makeCertificate({ key: 'ec:P-384' });
    const first = (await chief.q(UPLOAD, { companyId, name: 'once', content: made.certPem })).uploadCertificate;
    const again = await chief.fails(UPLOAD, { companyId, name: 'twice', content: b64(made.certDer) });
    expect(again).toMatchObject({ code: 'CONFLICT', message: expect.stringContaining('"once"'), extensions: { existingCertificateId: first.id } });
    // Another company may upload the same certificate.
    const other = await companyWithChief(server, 'other');
    expect((await other.chief.q(UPLOAD, { companyId: other.companyId, name: 'same', content: made.certPem })).uploadCertificate.id).not.toBe(first.id);
  });

  it('renames and deletes, audited; only people who may use Chaman', async () => {
    const made = makeCertificate({ key: 'ec:P-521' });
    const c = (await chief.q(UPLOAD, { companyId, name: 'old name', content: made.certPem })).uploadCertificate;
    const renamed = await chief.q(`mutation($id: ID!) { renameCertificate(input: { certificateId: $id, name: "new name" }) { name } }`, { id: c.id });
    expect(renamed.renameCertificate.name).toBe('new name');
    const legalOnly = await signUp(server, `legal-only-${kind}@x.be`);
    expect((await legalOnly.fails(`mutation($id: ID!) { deleteCertificate(input: { certificateId: $id }) { id } }`, { id: c.id })).code).toBe('NOT_FOUND');
    await chief.q(APPOINT('grantChamanAccess'), { companyId, email: legalOnly.email });
    await chief.q(`mutation($id: ID!) { deleteCertificate(input: { certificateId: $id }) { id } }`, { id: c.id });
    const log = (await chief.q(`query($id: ID!) { company(id: $id) { auditLog(first: 5) { nodes { action } } } }`, { id: companyId })).company.auditLog.nodes;
    expect(log.slice(0, 2).map((e: { action: string }) => e.action)).toContain('certificate.deleted');
  });
});
