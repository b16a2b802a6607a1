import { actsThroughMandate, checkCertificate, checkCertificateName, MAX_CERTIFICATE_FILE_BYTES } from '@chaman/domain';
import type { EntityManager } from 'typeorm';
import { audit } from '../audit/audit.js';
import { isUniqueViolation } from '../db/errors.js';
import { isId, newId } from '../db/ids.js';
import { authorize, notFound } from '../graphql/authorize.js';
import type { Context } from '../graphql/context.js';
import { clientError, ErrorCode, unwrap } from '../graphql/errors.js';
import { CertificateEntity } from './certificate.entity.js';

/** Base64 of a 64 KiB file, with line breaks: anything longer cannot be an acceptable upload. */
const MAX_CONTENT_CHARS = Math.ceil((MAX_CERTIFICATE_FILE_BYTES * 4) / 3) + 4096;

/** `content` is the file's bytes in base64, or PEM text as it is. */
export function decodeContent(content: string): Uint8Array {
  if (content.length > MAX_CONTENT_CHARS) {
    throw clientError(ErrorCode.certificateRejected, 'The certificate file is over 64 KiB', {
      violations: [{ code: 'certificate/not-a-certificate', message: `The file is larger than 64 KiB; a certificate file is a few KiB` }],
    });
  }
  if (!content.includes('-----BEGIN')) {
    const compact = content.replace(/\s+/g, '');
    if (compact.length > 0 && /^[A-Za-z0-9+/]*={0,2}$/.test(compact) && compact.length % 4 === 0) {
      return new Uint8Array(Buffer.from(compact, 'base64'));
    }
  }
  return new TextEncoder().encode(content);
}

function conflictWith(existing: CertificateEntity): never {
  throw clientError(
    ErrorCode.conflict,
    `This certificate is already uploaded for this company as "${existing.name}" (fingerprint ${existing.sha256Fingerprint.slice(0, 23)}...)`,
    { existingCertificateId: existing.id },
  );
}

/**
 * Judges an upload with the domain's policy and stores it when acceptable, in the caller's
 * transaction. A refused upload throws CERTIFICATE_REJECTED with every violation and stores nothing.
 */
export async function acceptCertificate(
  em: EntityManager,
  ctx: Context,
  args: { companyId: string; name: string; content: string; viaCompanyId: string | null },
): Promise<CertificateEntity> {
  const name = unwrap(checkCertificateName(args.name));
  const { facts, violations } = checkCertificate(decodeContent(args.content), new Date());
  if (!facts || violations.length > 0) {
    throw clientError(
      ErrorCode.certificateRejected,
      `The certificate is refused: ${violations.map((v) => v.message).join('; ')}`,
      { violations },
    );
  }
  const existing = await em.findOneBy(CertificateEntity, { companyId: args.companyId, sha256Fingerprint: facts.sha256Fingerprint });
  if (existing) conflictWith(existing);
  const entity: CertificateEntity = {
    id: newId(),
    companyId: args.companyId,
    name,
    derBase64: Buffer.from(facts.der).toString('base64'),
    sha256Fingerprint: facts.sha256Fingerprint,
    x5tS256: facts.x5tS256,
    subject: facts.subject.slice(0, 1000),
    issuer: facts.issuer.slice(0, 1000),
    serialNumber: facts.serialNumber.slice(0, 100),
    notBefore: facts.notBefore,
    notAfter: facts.notAfter,
    keyAlgorithm: facts.keyAlgorithm as 'RSA' | 'EC',
    keySize: facts.keySize ?? 0,
    curve: facts.curve,
    signatureAlgorithm: facts.signatureAlgorithm,
    selfSigned: facts.selfSigned,
    keyUsage: JSON.stringify(facts.keyUsage ?? []),
    jwk: JSON.stringify(facts.jwk),
    createdAt: new Date(),
    createdBy: ctx.viewer!.person.id,
  };
  await em.insert(CertificateEntity, entity);
  await audit(em, ctx, {
    companyId: args.companyId,
    action: 'certificate.uploaded',
    targetType: 'certificate',
    targetId: entity.id,
    viaCompanyId: args.viaCompanyId,
    details: { name, subject: entity.subject, fingerprint: entity.sha256Fingerprint, notAfter: entity.notAfter },
  });
  return entity;
}

/** Runs a certificate write, turning a lost race on the (company, fingerprint) index into a CONFLICT. */
async function guardDuplicate<T>(ctx: Context, companyId: string, content: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    const { facts } = checkCertificate(decodeContent(content), new Date());
    const existing = facts && (await ctx.ds.getRepository(CertificateEntity).findOneBy({ companyId, sha256Fingerprint: facts.sha256Fingerprint }));
    if (existing) conflictWith(existing);
    throw error;
  }
}

export async function uploadCertificate(ctx: Context, input: { companyId: string; name: string; content: string }) {
  const { company, actor } = await authorize(ctx, 'use-chaman', input.companyId);
  const viaCompanyId = actsThroughMandate(actor, company.ref);
  return guardDuplicate(ctx, input.companyId, input.content, () =>
    ctx.transact((em) => acceptCertificate(em, ctx, { ...input, viaCompanyId })),
  );
}

/** Loads a certificate the caller may manage (use-chaman in its company), else NOT_FOUND/FORBIDDEN. */
export async function loadCertificate(ctx: Context, certificateId: string) {
  if (!isId(certificateId)) notFound('certificate', certificateId);
  const certificate = await ctx.ds.getRepository(CertificateEntity).findOneBy({ id: certificateId });
  if (!certificate) notFound('certificate', certificateId);
  const { company, actor } = await authorize(ctx, 'use-chaman', certificate.companyId).catch((e) => {
    if (e?.extensions?.code === ErrorCode.notFound) notFound('certificate', certificateId);
    throw e;
  });
  return { certificate, viaCompanyId: actsThroughMandate(actor, company.ref) };
}

export async function renameCertificate(ctx: Context, input: { certificateId: string; name: string }) {
  const name = unwrap(checkCertificateName(input.name));
  const { certificate, viaCompanyId } = await loadCertificate(ctx, input.certificateId);
  return ctx.transact(async (em) => {
    await em.update(CertificateEntity, { id: certificate.id }, { name });
    await audit(em, ctx, {
      companyId: certificate.companyId,
      action: 'certificate.renamed',
      targetType: 'certificate',
      targetId: certificate.id,
      viaCompanyId,
      details: { before: certificate.name, after: name },
    });
    return { ...certificate, name };
  });
}

export async function deleteCertificate(ctx: Context, certificateId: string, usedBy: (em: EntityManager, id: string) => Promise<string[]>) {
  const { certificate, viaCompanyId } = await loadCertificate(ctx, certificateId);
  return ctx.transact(async (em) => {
    const accounts = await usedBy(em, certificate.id);
    if (accounts.length > 0) {
      throw clientError(
        ErrorCode.conflict,
        `This certificate is used by ${accounts.length} REST account(s) (${accounts.slice(0, 5).join(', ')}); remove it from them first`,
        { clientIds: accounts },
      );
    }
    await em.delete(CertificateEntity, { id: certificate.id });
    await audit(em, ctx, {
      companyId: certificate.companyId,
      action: 'certificate.deleted',
      targetType: 'certificate',
      targetId: certificate.id,
      viaCompanyId,
      details: { name: certificate.name, fingerprint: certificate.sha256Fingerprint },
    });
    return certificate;
  });
}
