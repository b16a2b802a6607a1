import {
  actsThroughMandate,
  CertificateErrors,
  CertificateViolations,
  checkCertificateFile,
  checkCertificateName,
  MAX_CERTIFICATE_FILE_BYTES,
  NotACertificateFound,
  notFound,
  refusal,
  type CertificateFacts,
  type Refusal,
} from '@chaman/domain';
import { authorize } from '../access/authorization.js';
import type { Tx } from '../db/database.js';
import { isUniqueViolation } from '../db/errors.js';
import { isId, newId } from '../db/ids.js';
import { restAccountRepository } from '../rest-account/rest-account.repository.js';
import { audit } from '../shared/audit.js';
import { decide, must, refuse, type Deps, type Outcome } from '../shared/use-case.js';
import type { CertificateEntity } from './certificate.entity.js';
import { certificateRepository } from './certificate.repository.js';

/** Base64 of a 64 KiB file, with line breaks: anything longer cannot be an acceptable upload. */
const MAX_CONTENT_CHARS = Math.ceil((MAX_CERTIFICATE_FILE_BYTES * 4) / 3) + 4096;

function rejected(message: string, violations: { code: string; message: string; params?: Record<string, string | number | boolean | null> }[]): Refusal {
  return refusal(CertificateErrors.rejected, message, { count: violations.length }, { violations });
}

/** `content` is the file's bytes in base64, or PEM text as it is. */
export function decodeContent(content: string): Uint8Array {
  if (content.length > MAX_CONTENT_CHARS) {
    refuse(
      rejected('The certificate file is over 64 KiB', [
        {
          code: CertificateViolations.notACertificate,
          message: 'The file is larger than 64 KiB; a certificate file is a few KiB',
          params: { found: NotACertificateFound.tooLarge, bytes: Math.floor((content.length * 3) / 4), max: MAX_CERTIFICATE_FILE_BYTES },
        },
      ]),
    );
  }
  if (!content.includes('-----BEGIN')) {
    const compact = content.replace(/\s+/g, '');
    if (compact.length > 0 && /^[A-Za-z0-9+/]*={0,2}$/.test(compact) && compact.length % 4 === 0) {
      return new Uint8Array(Buffer.from(compact, 'base64'));
    }
  }
  return new TextEncoder().encode(content);
}

/** An upload, read and judged by the domain's policy: done before any transaction takes the write lock. */
export interface AcceptedUpload {
  name: string;
  facts: CertificateFacts;
}

export async function judgeUpload(input: { name: string; content: string }, now: Date): Promise<AcceptedUpload> {
  const name = must(checkCertificateName(input.name));
  // The same judgement as the admin UI's on the picked file: the policy, and a chain that signs up to the leaf.
  const { facts, violations } = await checkCertificateFile(decodeContent(input.content), now);
  if (!facts || violations.length > 0) refuse(rejected(`The certificate is refused: ${violations.map((v) => v.message).join('; ')}`, violations));
  return { name, facts };
}

function duplicate(existing: CertificateEntity): Refusal {
  return refusal(
    CertificateErrors.duplicate,
    `This certificate is already uploaded for this company as "${existing.name}" (fingerprint ${existing.sha256Fingerprint.slice(0, 23)}...)`,
    { name: existing.name, fingerprint: existing.sha256Fingerprint, existingCertificateId: existing.id },
    { data: { existingCertificateId: existing.id } },
  );
}

/** Stores an accepted upload for the company, in the caller's transaction; CONFLICT when the company has it already. */
export async function storeCertificate(tx: Tx, deps: Deps, companyId: string, upload: AcceptedUpload, viaCompanyId: string | null): Promise<CertificateEntity> {
  const { facts, name } = upload;
  const existing = await certificateRepository.byFingerprint(tx, companyId, facts.sha256Fingerprint);
  if (existing) refuse(duplicate(existing));
  const entity: CertificateEntity = {
    id: newId(),
    companyId,
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
    createdAt: deps.now(),
    createdBy: deps.viewer!.person.id,
  };
  await certificateRepository.insert(tx, entity);
  await audit(tx, deps, {
    companyId,
    action: 'certificate.uploaded',
    targetType: 'certificate',
    targetId: entity.id,
    viaCompanyId,
    details: { name, subject: entity.subject, fingerprint: entity.sha256Fingerprint, notAfter: entity.notAfter },
  });
  return entity;
}

/**
 * Runs a certificate write, turning a lost race on the (company, fingerprint) index into the same
 * CONFLICT the check inside the transaction gives.
 */
export async function guardDuplicate<T>(deps: Deps, companyId: string, fingerprint: string | null, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (!isUniqueViolation(error) || !fingerprint) throw error;
    const existing = await certificateRepository.byFingerprint(deps.db, companyId, fingerprint);
    if (existing) refuse(duplicate(existing));
    throw error;
  }
}

export function uploadCertificate(deps: Deps, input: { companyId: string; name: string; content: string }): Promise<Outcome<CertificateEntity>> {
  return decide(async () => {
    const { company, actor } = await authorize(deps, 'use-chaman', input.companyId);
    const upload = await judgeUpload(input, deps.now());
    const via = actsThroughMandate(actor, company.ref);
    return guardDuplicate(deps, input.companyId, upload.facts.sha256Fingerprint, () =>
      deps.db.transact((tx) => storeCertificate(tx, deps, input.companyId, upload, via)),
    );
  });
}

/** A certificate the caller may manage (use-chaman in its company), else NOT_FOUND or FORBIDDEN. */
async function loadCertificate(deps: Deps, certificateId: string) {
  if (!isId(certificateId)) refuse(notFound('certificate', certificateId));
  const certificate = await certificateRepository.byId(deps.db, certificateId);
  if (!certificate) refuse(notFound('certificate', certificateId));
  const { company, actor } = await authorize(deps, 'use-chaman', certificate.companyId, { kind: 'certificate', id: certificateId });
  return { certificate, viaCompanyId: actsThroughMandate(actor, company.ref) };
}

export function renameCertificate(deps: Deps, input: { certificateId: string; name: string }): Promise<Outcome<CertificateEntity>> {
  return decide(async () => {
    const name = must(checkCertificateName(input.name));
    const { certificate, viaCompanyId } = await loadCertificate(deps, input.certificateId);
    return deps.db.transact(async (tx) => {
      await certificateRepository.rename(tx, certificate.id, name);
      await audit(tx, deps, {
        companyId: certificate.companyId,
        action: 'certificate.renamed',
        targetType: 'certificate',
        targetId: certificate.id,
        viaCompanyId,
        details: { before: certificate.name, after: name },
      });
      return { ...certificate, name };
    });
  });
}

export function deleteCertificate(deps: Deps, certificateId: string): Promise<Outcome<CertificateEntity>> {
  return decide(async () => {
    const { certificate, viaCompanyId } = await loadCertificate(deps, certificateId);
    return deps.db.transact(async (tx) => {
      const clientIds = await restAccountRepository.clientIdsUsing(tx, certificate.id);
      if (clientIds.length > 0) {
        refuse(
          refusal(
            CertificateErrors.inUse,
            `This certificate is used by ${clientIds.length} REST account(s) (${clientIds.slice(0, 5).join(', ')}); remove it from them first`,
            { count: clientIds.length, clientIds: clientIds.slice(0, 5).join(', ') },
            { data: { clientIds } },
          ),
        );
      }
      await certificateRepository.delete(tx, certificate.id);
      await audit(tx, deps, {
        companyId: certificate.companyId,
        action: 'certificate.deleted',
        targetType: 'certificate',
        targetId: certificate.id,
        viaCompanyId,
        details: { name: certificate.name, fingerprint: certificate.sha256Fingerprint },
      });
      return certificate;
    });
  });
}
