import {
  actsThroughMandate,
  can,
  checkAccountName,
  checkCertificate,
  checkPermissionCodes,
  clientIdFor,
  MAX_CERTIFICATES_PER_ACCOUNT,
  notFound,
  refusal,
  RestAccountErrors,
  type AuditAction,
  type Refusal,
} from '@chaman/domain';
import { authorize } from '../access/authorization.js';
import type { CertificateEntity } from '../certificate/certificate.entity.js';
import { certificateRepository } from '../certificate/certificate.repository.js';
import { guardDuplicate, judgeUpload, storeCertificate, type AcceptedUpload } from '../certificate/certificate.use-cases.js';
import { nextNumber } from '../db/counters.js';
import type { Tx } from '../db/database.js';
import { isUniqueViolation } from '../db/errors.js';
import { isId, newId } from '../db/ids.js';
import { audit } from '../shared/audit.js';
import { decide, must, refuse, type Deps, type Outcome } from '../shared/use-case.js';
import { emitEvent } from '../webhook/events.js';
import { restAccountRepository, type RestAccountView } from './rest-account.repository.js';

/** Which certificate an account gets: one the company has, or a new upload (exactly one of the two). */
export interface CertificateChoice {
  certificateId?: string | null;
  certificate?: { name: string; content: string } | null;
}

function nameTaken(name: string): Refusal {
  return refusal(RestAccountErrors.nameTaken, `The company already has a REST account named "${name}"; choose another name`, { name });
}

/** The choice checked, and a new upload read and judged, before any transaction takes the write lock. */
type PreparedChoice = { existingId: string } | { upload: AcceptedUpload };

async function prepareChoice(deps: Deps, choice: CertificateChoice): Promise<PreparedChoice> {
  if (Boolean(choice.certificateId) === Boolean(choice.certificate)) {
    refuse(
      refusal(RestAccountErrors.certificateChoice, 'Give exactly one certificate: certificateId (one already uploaded) or certificate (a new upload)', {
        given: choice.certificate && choice.certificateId ? 2 : 0,
      }),
    );
  }
  return choice.certificate ? { upload: await judgeUpload(choice.certificate, deps.now()) } : { existingId: choice.certificateId! };
}

/** The certificate an account gets, in the transaction: an existing one of the company still acceptable now, or the new upload stored. */
async function chosenCertificate(tx: Tx, deps: Deps, companyId: string, choice: PreparedChoice, via: string | null): Promise<CertificateEntity> {
  if ('upload' in choice) return storeCertificate(tx, deps, companyId, choice.upload, via);
  const id = choice.existingId;
  const existing = isId(id) ? await certificateRepository.ofCompanyById(tx, companyId, id) : null;
  if (!existing) refuse(notFound('certificate', id));
  // Stored certificates passed the policy at upload; time may have made one unusable since.
  const { violations } = checkCertificate(new Uint8Array(Buffer.from(existing.derBase64, 'base64')), deps.now());
  if (violations.length > 0) {
    refuse(
      refusal(RestAccountErrors.certificateUnusable, `The certificate "${existing.name}" cannot be used: ${violations.map((v) => v.message).join('; ')}`, { name: existing.name }, { violations }),
    );
  }
  return existing;
}

const fingerprintOf = (choice: PreparedChoice) => ('upload' in choice ? choice.upload.facts.sha256Fingerprint : null);

export function createRestAccount(
  deps: Deps,
  input: { companyId: string; name: string; permissionCodes: string[] } & CertificateChoice,
): Promise<Outcome<RestAccountView>> {
  return decide(async () => {
    const { company, actor, viewer } = await authorize(deps, 'use-chaman', input.companyId);
    const via = actsThroughMandate(actor, company.ref);
    const name = must(checkAccountName(input.name));
    const permissionCodes = must(checkPermissionCodes(input.permissionCodes));
    const choice = await prepareChoice(deps, input);
    try {
      return await guardDuplicate(deps, input.companyId, fingerprintOf(choice), () =>
        deps.db.transact(async (tx) => {
          if (await restAccountRepository.nameTaken(tx, input.companyId, name)) refuse(nameTaken(name));
          const certificate = await chosenCertificate(tx, deps, input.companyId, choice, via);
          const n = await nextNumber(tx, 'client_id');
          const now = deps.now();
          const account = { id: newId(), companyId: input.companyId, name, clientNumber: n, clientId: clientIdFor(n), status: 'ACTIVE' as const, createdAt: now, createdBy: viewer.person.id, createdVia: via };
          await restAccountRepository.insert(tx, account, permissionCodes, certificate.id, now);
          await audit(tx, deps, {
            companyId: input.companyId,
            action: 'rest-account.created',
            targetType: 'rest-account',
            targetId: account.id,
            viaCompanyId: via,
            details: { name, clientId: account.clientId, permissions: permissionCodes, certificate: certificate.sha256Fingerprint, certificateName: certificate.name },
          });
          await emitEvent(tx, now, input.companyId, 'rest-account.created', {
            accountId: account.id,
            clientId: account.clientId,
            name,
            permissions: permissionCodes,
            certificates: [{ certificateId: certificate.id, name: certificate.name, notAfter: certificate.notAfter.toISOString() }],
          });
          return (await restAccountRepository.byId(tx, account.id))!;
        }),
      );
    } catch (error) {
      if (isUniqueViolation(error)) refuse(nameTaken(name));
      throw error;
    }
  });
}

/** An account the caller may manage, by id; NOT_FOUND when it does not exist or is not visible. */
async function loadAccount(deps: Deps, accountId: string) {
  if (!isId(accountId)) refuse(notFound('REST account', accountId));
  const account = await restAccountRepository.byId(deps.db, accountId);
  if (!account) refuse(notFound('REST account', accountId));
  const { company, actor } = await authorize(deps, 'use-chaman', account.companyId, { kind: 'REST account', id: accountId });
  // An access manager (or chief) of the company who rotates a certificate has reviewed the account.
  return { account, via: actsThroughMandate(actor, company.ref), manager: can(actor, 'grant-chaman-access', company.ref) };
}

/** The webhook event each audited change of an account is announced with. */
const EVENT_OF: Partial<Record<AuditAction, 'rest-account.updated' | 'rest-account.certificate-added' | 'rest-account.certificate-removed'>> = {
  'rest-account.renamed': 'rest-account.updated',
  'rest-account.permissions-changed': 'rest-account.updated',
  'rest-account.enabled': 'rest-account.updated',
  'rest-account.disabled': 'rest-account.updated',
  'rest-account.certificate-added': 'rest-account.certificate-added',
  'rest-account.certificate-removed': 'rest-account.certificate-removed',
};

/** The change's facts for the event: before/after, and the certificate's id (its fingerprint is the audit's, not needed here). */
function eventFacts(details: Record<string, unknown>): Record<string, unknown> {
  // `name` in the audit details is the certificate's; in an event, `name` is the account's.
  const { certificate: _fingerprint, name: _certificateName, account: _accountName, ...facts } = details;
  return facts;
}

/** Runs one audited change of an account in a transaction, its row locked; answers the account as it is after the change. */
function change(
  deps: Deps,
  accountId: string,
  action: AuditAction,
  prepare: () => unknown,
  work: (tx: Tx, account: RestAccountView, via: string | null) => Promise<Record<string, unknown>>,
  options: { clearsReview?: boolean } = {},
): Promise<Outcome<RestAccountView>> {
  return decide(async () => {
    const { via, manager } = await loadAccount(deps, accountId);
    await prepare();
    return deps.db.transact(async (tx) => {
      const current = await restAccountRepository.lock(tx, accountId);
      if (!current) refuse(notFound('REST account', accountId));
      const details = await work(tx, current, via);
      await audit(tx, deps, { companyId: current.companyId, action, targetType: 'rest-account', targetId: current.id, viaCompanyId: via, details: { clientId: current.clientId, account: current.name, ...details } });
      if (options.clearsReview && manager && current.review) await clearReview(tx, deps, current, via, action);
      const after = (await restAccountRepository.byId(tx, accountId))!;
      const event = EVENT_OF[action];
      if (event) {
        await emitEvent(tx, deps.now(), current.companyId, event, { accountId: current.id, clientId: current.clientId, name: after.name, change: action.slice('rest-account.'.length), ...eventFacts(details) });
      }
      return after;
    });
  });
}

export function renameRestAccount(deps: Deps, input: { accountId: string; name: string }) {
  let name = '';
  return change(
    deps,
    input.accountId,
    'rest-account.renamed',
    () => (name = must(checkAccountName(input.name))),
    async (tx, account) => {
      if (await restAccountRepository.nameTaken(tx, account.companyId, name, account.id)) refuse(nameTaken(name));
      await restAccountRepository.rename(tx, account.id, name);
      return { before: account.name, after: name };
    },
  );
}

export function setRestAccountPermissions(deps: Deps, input: { accountId: string; permissionCodes: string[] }) {
  let codes: string[] = [];
  return change(
    deps,
    input.accountId,
    'rest-account.permissions-changed',
    () => (codes = must(checkPermissionCodes(input.permissionCodes))),
    async (tx, account) => {
      await restAccountRepository.writeLinks(tx, account.id, { permissionCodes: codes }, deps.now());
      return { before: [...account.permissionCodes].sort(), after: [...codes].sort() };
    },
  );
}

export function addRestAccountCertificate(deps: Deps, input: { accountId: string } & CertificateChoice) {
  let choice: PreparedChoice;
  return change(
    deps,
    input.accountId,
    'rest-account.certificate-added',
    async () => (choice = await prepareChoice(deps, input)),
    async (tx, account, via) => {
      const count = account.certificates.length;
      if (count >= MAX_CERTIFICATES_PER_ACCOUNT) {
        refuse(
          refusal(RestAccountErrors.tooManyCertificates, `The account already has ${count} certificates, the most it may have; remove one first`, {
            count,
            max: MAX_CERTIFICATES_PER_ACCOUNT,
          }),
        );
      }
      const certificate = await chosenCertificate(tx, deps, account.companyId, choice, via);
      if (account.certificates.some((c) => c.id === certificate.id)) {
        refuse(refusal(RestAccountErrors.certificateAlreadyOnAccount, `The certificate "${certificate.name}" is already on this account`, { name: certificate.name }));
      }
      await restAccountRepository.writeLinks(tx, account.id, { addCertificate: { id: certificate.id, by: deps.viewer!.person.id, via } }, deps.now());
      return { certificate: certificate.sha256Fingerprint, name: certificate.name, certificateName: certificate.name, certificateId: certificate.id, notAfter: certificate.notAfter.toISOString() };
    },
    { clearsReview: true },
  );
}

export function removeRestAccountCertificate(deps: Deps, input: { accountId: string; certificateId: string }) {
  return change(
    deps,
    input.accountId,
    'rest-account.certificate-removed',
    () => undefined,
    async (tx, account) => {
      if (!account.certificates.some((c) => c.id === input.certificateId)) refuse(notFound('certificate on this account', input.certificateId));
      if (account.certificates.length === 1) {
        refuse(refusal(RestAccountErrors.lastCertificate, 'This is the only certificate of the account; add the new one before removing it'));
      }
      await restAccountRepository.writeLinks(tx, account.id, { removeCertificate: input.certificateId }, deps.now());
      return { certificateId: input.certificateId, certificateName: account.certificates.find((c) => c.id === input.certificateId)!.name };
    },
    { clearsReview: true },
  );
}

/** Clears an account's review flag, audited with how (a rotation, or a confirmation). */
async function clearReview(tx: Tx, deps: Deps, account: RestAccountView, via: string | null, by: AuditAction | 'confirmed'): Promise<void> {
  if (!(await restAccountRepository.clearReview(tx, account.id))) return;
  await audit(tx, deps, {
    companyId: account.companyId,
    action: 'rest-account.review-cleared',
    targetType: 'rest-account',
    targetId: account.id,
    viaCompanyId: via,
    details: { clientId: account.clientId, reason: account.review?.reason ?? null, by },
  });
}

/**
 * A company's access manager confirms an account flagged for review (its certificate's private key
 * is known to be out of reach of whoever left); audited. CONFLICT-free: an account not flagged is
 * answered as it is.
 */
export function confirmRestAccountReview(deps: Deps, accountId: string): Promise<Outcome<RestAccountView>> {
  return decide(async () => {
    if (!isId(accountId)) refuse(notFound('REST account', accountId));
    const account = await restAccountRepository.byId(deps.db, accountId);
    if (!account) refuse(notFound('REST account', accountId));
    const { company, actor } = await authorize(deps, 'grant-chaman-access', account.companyId, { kind: 'REST account', id: accountId });
    const via = actsThroughMandate(actor, company.ref);
    return deps.db.transact(async (tx) => {
      const current = await restAccountRepository.lock(tx, accountId);
      if (!current) refuse(notFound('REST account', accountId));
      await clearReview(tx, deps, current, via, 'confirmed');
      return (await restAccountRepository.byId(tx, accountId))!;
    });
  });
}

export function setRestAccountStatus(deps: Deps, accountId: string, status: 'ACTIVE' | 'DISABLED') {
  return change(
    deps,
    accountId,
    status === 'ACTIVE' ? 'rest-account.enabled' : 'rest-account.disabled',
    () => undefined,
    async (tx, account) => {
      await restAccountRepository.setStatus(tx, account.id, status);
      return { before: account.status, after: status };
    },
  );
}

/** Deletes the account; its client ID is never handed out again (the counter only goes up). */
export function deleteRestAccount(deps: Deps, accountId: string): Promise<Outcome<RestAccountView>> {
  return decide(async () => {
    const { via } = await loadAccount(deps, accountId);
    return deps.db.transact(async (tx) => {
      const account = await restAccountRepository.lock(tx, accountId);
      if (!account) refuse(notFound('REST account', accountId));
      await restAccountRepository.delete(tx, account.id);
      await audit(tx, deps, {
        companyId: account.companyId,
        action: 'rest-account.deleted',
        targetType: 'rest-account',
        targetId: account.id,
        viaCompanyId: via,
        details: { clientId: account.clientId, name: account.name },
      });
      await emitEvent(tx, deps.now(), account.companyId, 'rest-account.deleted', { accountId: account.id, clientId: account.clientId, name: account.name });
      return account;
    });
  });
}
