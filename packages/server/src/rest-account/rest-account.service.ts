import {
  actsThroughMandate,
  checkAccountName,
  checkCertificate,
  checkPermissionCodes,
  clientIdFor,
  MAX_CERTIFICATES_PER_ACCOUNT,
  RestAccountErrors,
  type AuditAction,
} from '@chaman/domain';
import type { EntityManager } from 'typeorm';
import { audit } from '../audit/audit.js';
import { CertificateEntity } from '../certificate/certificate.entity.js';
import { acceptCertificate } from '../certificate/certificate.service.js';
import { nextNumber } from '../db/counters.js';
import { isUniqueViolation } from '../db/errors.js';
import { isId, newId } from '../db/ids.js';
import { joined } from '../db/rows.js';
import { authorize, notFound } from '../graphql/authorize.js';
import type { Context } from '../graphql/context.js';
import { clientError, ErrorCode, unwrap } from '../graphql/errors.js';
import { RestAccountCertificateEntity, RestAccountEntity, RestAccountPermissionEntity, type RestAccountStatus } from './rest-account.entity.js';

interface CertificateChoice {
  certificateId?: string | null;
  certificate?: { name: string; content: string } | null;
}

function nameTaken(name: string): never {
  throw clientError(ErrorCode.conflict, `The company already has a REST account named "${name}"; choose another name`);
}

/** The certificate an account gets: an existing one of the company (still acceptable now), or a new upload. */
async function chooseCertificate(em: EntityManager, ctx: Context, companyId: string, choice: CertificateChoice, viaCompanyId: string | null) {
  const hasId = Boolean(choice.certificateId);
  if (hasId === Boolean(choice.certificate)) {
    throw clientError(ErrorCode.badUserInput, 'Give exactly one certificate: certificateId (one already uploaded) or certificate (a new upload)', {
      reason: RestAccountErrors.certificateChoice,
    });
  }
  if (choice.certificate) return acceptCertificate(em, ctx, { companyId, ...choice.certificate, viaCompanyId });
  const id = choice.certificateId!;
  const existing = isId(id) ? await em.findOneBy(CertificateEntity, { id, companyId }) : null;
  if (!existing) notFound('certificate', id);
  // Stored certificates passed the policy at upload; time may have made one unusable since.
  const { violations } = checkCertificate(new Uint8Array(Buffer.from(existing.derBase64, 'base64')), new Date());
  if (violations.length > 0) {
    throw clientError(ErrorCode.certificateRejected, `The certificate "${existing.name}" cannot be used: ${violations.map((v) => v.message).join('; ')}`, {
      violations,
    });
  }
  return existing;
}

export async function createRestAccount(
  ctx: Context,
  input: { companyId: string; name: string; permissionCodes: string[] } & CertificateChoice,
): Promise<RestAccountEntity> {
  const { company, actor, viewer } = await authorize(ctx, 'use-chaman', input.companyId);
  const viaCompanyId = actsThroughMandate(actor, company.ref);
  const name = unwrap(checkAccountName(input.name));
  const permissionCodes = unwrap(checkPermissionCodes(input.permissionCodes));
  try {
    return await ctx.transact(async (em) => {
      if (await em.existsBy(RestAccountEntity, { companyId: input.companyId, nameKey: name.toLowerCase() })) nameTaken(name);
      const certificate = await chooseCertificate(em, ctx, input.companyId, input, viaCompanyId);
      const n = await nextNumber(em, 'client_id');
      const account: RestAccountEntity = {
        id: newId(),
        companyId: input.companyId,
        name,
        nameKey: name.toLowerCase(),
        clientNumber: n,
        clientId: clientIdFor(n),
        status: 'ACTIVE',
        createdAt: new Date(),
        createdBy: viewer.person.id,
        permissionCodes: [...permissionCodes].sort().join(','),
        certificateIds: certificate.id,
      };
      await em.insert(RestAccountEntity, account);
      await em.insert(RestAccountPermissionEntity, permissionCodes.map((code) => ({ accountId: account.id, permissionCode: code })));
      await em.insert(RestAccountCertificateEntity, { accountId: account.id, certificateId: certificate.id, addedAt: new Date() });
      await audit(em, ctx, {
        companyId: input.companyId,
        action: 'rest-account.created',
        targetType: 'rest-account',
        targetId: account.id,
        viaCompanyId,
        details: { name, clientId: account.clientId, permissions: permissionCodes, certificate: certificate.sha256Fingerprint },
      });
      return account;
    });
  } catch (error) {
    if (isUniqueViolation(error)) nameTaken(name);
    throw error;
  }
}

/** Rewrites an account's permission_codes and certificate_ids from its link rows, in the same transaction. */
async function refreshAccountLists(em: EntityManager, accountId: string): Promise<void> {
  const pg = em.connection.options.type === 'postgres';
  await em.query(
    `UPDATE rest_account SET
       permission_codes = COALESCE((SELECT ${joined(pg, 'p.permission_code', ',', true)} FROM rest_account_permission p WHERE p.account_id = rest_account.id), ''),
       certificate_ids = COALESCE((SELECT ${joined(pg, 'rc.certificate_id', ',', true)} FROM rest_account_certificate rc WHERE rc.account_id = rest_account.id), '')
     WHERE id = ${pg ? '$1' : '?'}`,
    [accountId],
  );
}

/** An account the caller may manage, by id; NOT_FOUND when it does not exist or is not visible. */
async function loadAccount(ctx: Context, accountId: string) {
  if (!isId(accountId)) notFound('REST account', accountId);
  const account = await ctx.ds.getRepository(RestAccountEntity).findOneBy({ id: accountId });
  if (!account) notFound('REST account', accountId);
  const { company, actor } = await authorize(ctx, 'use-chaman', account.companyId).catch((e) => {
    if (e?.extensions?.code === ErrorCode.notFound) notFound('REST account', accountId);
    throw e;
  });
  return { account, viaCompanyId: actsThroughMandate(actor, company.ref) };
}

/** Runs one audited change of an account in a transaction. */
async function change<T>(
  ctx: Context,
  accountId: string,
  action: AuditAction,
  work: (em: EntityManager, account: RestAccountEntity, viaCompanyId: string | null) => Promise<{ result: T; details: Record<string, unknown> }>,
): Promise<T> {
  const { account, viaCompanyId } = await loadAccount(ctx, accountId);
  return ctx.transact(async (em) => {
    // On PostgreSQL the row stays locked until commit: changes of one account happen one after
    // the other (its certificate count, its lists), as SQLite's single writer has them anyway.
    const lock = em.connection.options.type === 'postgres' ? { mode: 'pessimistic_write' as const } : undefined;
    const current = await em.findOne(RestAccountEntity, { where: { id: account.id }, lock });
    if (!current) notFound('REST account', accountId);
    const { result, details } = await work(em, current, viaCompanyId);
    await audit(em, ctx, { companyId: current.companyId, action, targetType: 'rest-account', targetId: current.id, viaCompanyId, details: { clientId: current.clientId, ...details } });
    return result;
  });
}

export function renameRestAccount(ctx: Context, input: { accountId: string; name: string }) {
  const name = unwrap(checkAccountName(input.name));
  return change(ctx, input.accountId, 'rest-account.renamed', async (em, account) => {
    const clash = await em.findOneBy(RestAccountEntity, { companyId: account.companyId, nameKey: name.toLowerCase() });
    if (clash && clash.id !== account.id) nameTaken(name);
    await em.update(RestAccountEntity, { id: account.id }, { name, nameKey: name.toLowerCase() });
    return { result: { ...account, name }, details: { before: account.name, after: name } };
  });
}

export function setRestAccountPermissions(ctx: Context, input: { accountId: string; permissionCodes: string[] }) {
  const codes = unwrap(checkPermissionCodes(input.permissionCodes));
  return change(ctx, input.accountId, 'rest-account.permissions-changed', async (em, account) => {
    const before = (await em.findBy(RestAccountPermissionEntity, { accountId: account.id })).map((p) => p.permissionCode).sort();
    await em.delete(RestAccountPermissionEntity, { accountId: account.id });
    await em.insert(RestAccountPermissionEntity, codes.map((code) => ({ accountId: account.id, permissionCode: code })));
    await refreshAccountLists(em, account.id);
    return { result: account, details: { before, after: [...codes].sort() } };
  });
}

export function addRestAccountCertificate(ctx: Context, input: { accountId: string } & CertificateChoice) {
  return change(ctx, input.accountId, 'rest-account.certificate-added', async (em, account, via) => {
    const count = await em.countBy(RestAccountCertificateEntity, { accountId: account.id });
    if (count >= MAX_CERTIFICATES_PER_ACCOUNT) {
      throw clientError(ErrorCode.conflict, `The account already has ${count} certificates, the most it may have; remove one first`, {
        reason: RestAccountErrors.tooManyCertificates,
      });
    }
    const certificate = await chooseCertificate(em, ctx, account.companyId, input, via);
    if (await em.existsBy(RestAccountCertificateEntity, { accountId: account.id, certificateId: certificate.id })) {
      throw clientError(ErrorCode.conflict, `The certificate "${certificate.name}" is already on this account`);
    }
    await em.insert(RestAccountCertificateEntity, { accountId: account.id, certificateId: certificate.id, addedAt: new Date() });
    await refreshAccountLists(em, account.id);
    return { result: account, details: { certificate: certificate.sha256Fingerprint, name: certificate.name } };
  });
}

export function removeRestAccountCertificate(ctx: Context, input: { accountId: string; certificateId: string }) {
  return change(ctx, input.accountId, 'rest-account.certificate-removed', async (em, account) => {
    const links = await em.findBy(RestAccountCertificateEntity, { accountId: account.id });
    if (!links.some((l) => l.certificateId === input.certificateId)) notFound('certificate on this account', input.certificateId);
    if (links.length === 1) {
      throw clientError(ErrorCode.conflict, 'This is the only certificate of the account; add the new one before removing it', {
        reason: RestAccountErrors.lastCertificate,
      });
    }
    await em.delete(RestAccountCertificateEntity, { accountId: account.id, certificateId: input.certificateId });
    await refreshAccountLists(em, account.id);
    return { result: account, details: { certificateId: input.certificateId } };
  });
}

export function setRestAccountStatus(ctx: Context, accountId: string, status: RestAccountStatus) {
  return change(ctx, accountId, status === 'ACTIVE' ? 'rest-account.enabled' : 'rest-account.disabled', async (em, account) => {
    await em.update(RestAccountEntity, { id: account.id }, { status });
    return { result: { ...account, status }, details: { before: account.status, after: status } };
  });
}

/** Deletes the account; its client ID is never handed out again (the counter only goes up). */
export function deleteRestAccount(ctx: Context, accountId: string) {
  return change(ctx, accountId, 'rest-account.deleted', async (em, account) => {
    await em.delete(RestAccountEntity, { id: account.id });
    return { result: account, details: { name: account.name } };
  });
}

/** The client IDs of the accounts using a certificate (a certificate in use cannot be deleted). */
export async function accountsUsing(em: EntityManager, certificateId: string): Promise<string[]> {
  const rows = await em
    .getRepository(RestAccountEntity)
    .createQueryBuilder('a')
    .innerJoin(RestAccountCertificateEntity, 'rc', 'rc.account_id = a.id')
    .where('rc.certificate_id = :id', { id: certificateId })
    .orderBy('a.client_number', 'ASC')
    .getMany();
  return rows.map((r) => r.clientId);
}
