import { accountHealth, can, EXPIRY_WARNING_DAYS, MAX_CERTIFICATES_PER_ACCOUNT, PERMISSIONS, permissionsOf } from '@chaman/domain';
import { Arg, Ctx, Extensions, FieldResolver, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { CertificateEntity } from '../certificate/certificate.entity.js';
import { authorize } from '../graphql/authorize.js';
import { checkFirst, connectionOf, decodeCursor, pageOf, paginate, type Page } from '../graphql/connection.js';
import { certificateJson, rowToCertificate, rowToRestAccount, splitJoined } from '../db/rows.js';
import { TokenAttempt } from '../oauth/token-attempt.type.js';
import { Certificate, toCertificate } from '../certificate/certificate.type.js';
import { Company, toCompany } from '../company/company.type.js';
import { visibleCompany } from '../graphql/authorize.js';
import type { Context } from '../graphql/context.js';
import { latestEndingFirst } from '../graphql/loaders.js';
import { Language, localeOf, Permission, toPermission } from '../permission/permission.type.js';
import type { Locale } from '@chaman/domain';
import { RestAccountEntity } from './rest-account.entity.js';
import {
  AddRestAccountCertificateInput,
  CreateRestAccountInput,
  RemoveRestAccountCertificateInput,
  RenameRestAccountInput,
  RestAccountInput,
  SetRestAccountPermissionsInput,
} from './rest-account.input.js';
import {
  addRestAccountCertificate,
  createRestAccount,
  deleteRestAccount,
  removeRestAccountCertificate,
  renameRestAccount,
  setRestAccountPermissions,
  setRestAccountStatus,
} from './rest-account.service.js';
import { AccountHealth, RestAccount, RestAccountStatus, toRestAccount } from './rest-account.type.js';
import { select, selectArrays } from '../db/select.js';

function languageOf(ctx: Context, language: Language | null | undefined) {
  return language ?? localeOf(ctx.request.headers['accept-language']);
}

/** `f`, remembering its result for each key it was called with (keys compared as Map keys). */
function oncePerKey<K, V>(f: (key: K) => V): (key: K) => V {
  const results = new Map<K, V>();
  return (key) => {
    if (results.has(key)) return results.get(key)!;
    const value = f(key);
    results.set(key, value);
    return value;
  };
}

/** An account's permissions as GraphQL objects, in the language asked for. */
function toPermissions(codes: string[], locale: Locale): Permission[] {
  return permissionsOf(codes).map((p) => toPermission(p, locale));
}

@Resolver(() => RestAccount)
export class RestAccountResolver {
  @Query(() => RestAccount, { nullable: true, description: 'A REST account by its client ID; null when unknown or not visible to the caller' })
  async restAccount(@Arg('clientId', () => String, { description: 'self_service_expeditor_<n>' }) clientId: string, @Ctx() ctx: Context) {
    if (!ctx.viewer || clientId.length > 64) return null;
    const account = await ctx.ds.getRepository(RestAccountEntity).findOneBy({ clientId });
    if (!account) return null;
    const found = await visibleCompany(ctx, account.companyId);
    return found && can(found.actor, 'use-chaman', found.company.ref) ? toRestAccount(account) : null;
  }

  @Mutation(() => RestAccount, {
    description:
      '"Add a Web service account": a REST account with permissions and a certificate (existing or uploaded); it gets its client ID self_service_expeditor_<n>',
  })
  async createRestAccount(@Arg('input', () => CreateRestAccountInput) input: CreateRestAccountInput, @Ctx() ctx: Context) {
    return toRestAccount(await createRestAccount(ctx, input));
  }

  @Mutation(() => RestAccount, { description: 'Renames a REST account' })
  async renameRestAccount(@Arg('input', () => RenameRestAccountInput) input: RenameRestAccountInput, @Ctx() ctx: Context) {
    return toRestAccount(await renameRestAccount(ctx, input));
  }

  @Mutation(() => RestAccount, { description: "Replaces a REST account's permissions" })
  async setRestAccountPermissions(@Arg('input', () => SetRestAccountPermissionsInput) input: SetRestAccountPermissionsInput, @Ctx() ctx: Context) {
    return toRestAccount(await setRestAccountPermissions(ctx, input));
  }

  @Mutation(() => RestAccount, { description: 'Adds a certificate to a REST account (at most 5), for rotation without downtime' })
  async addRestAccountCertificate(@Arg('input', () => AddRestAccountCertificateInput) input: AddRestAccountCertificateInput, @Ctx() ctx: Context) {
    return toRestAccount(await addRestAccountCertificate(ctx, input));
  }

  @Mutation(() => RestAccount, { description: 'Removes a certificate from a REST account (never its last one)' })
  async removeRestAccountCertificate(
    @Arg('input', () => RemoveRestAccountCertificateInput) input: RemoveRestAccountCertificateInput,
    @Ctx() ctx: Context,
  ) {
    return toRestAccount(await removeRestAccountCertificate(ctx, input));
  }

  @Mutation(() => RestAccount, { description: 'Disables a REST account: it gets no tokens until enabled' })
  async disableRestAccount(@Arg('input', () => RestAccountInput) input: RestAccountInput, @Ctx() ctx: Context) {
    return toRestAccount(await setRestAccountStatus(ctx, input.accountId, 'DISABLED'));
  }

  @Mutation(() => RestAccount, { description: 'Enables a disabled REST account' })
  async enableRestAccount(@Arg('input', () => RestAccountInput) input: RestAccountInput, @Ctx() ctx: Context) {
    return toRestAccount(await setRestAccountStatus(ctx, input.accountId, 'ACTIVE'));
  }

  @Mutation(() => RestAccount, { description: 'Deletes a REST account; its client ID is retired for good' })
  async deleteRestAccount(@Arg('input', () => RestAccountInput) input: RestAccountInput, @Ctx() ctx: Context) {
    return toRestAccount(await deleteRestAccount(ctx, input.accountId));
  }

  // A page of accounts brings these three along (see restAccounts below, and precomputed.ts); they
  // run for an account found on its own, and batch through the loaders.
  @FieldResolver(() => [Permission], { description: `Its permissions (at most ${PERMISSIONS.length}, the whole catalogue)` })
  @Extensions({ maxItems: PERMISSIONS.length })
  async permissions(@Root() account: RestAccount, @Ctx() ctx: Context): Promise<Permission[]> {
    return toPermissions(await ctx.loaders.permissionCodesByAccount.load(account.id), languageOf(ctx, null));
  }

  @FieldResolver(() => [Certificate], { description: `Its certificates, latest-ending first (at most ${MAX_CERTIFICATES_PER_ACCOUNT})` })
  @Extensions({ maxItems: MAX_CERTIFICATES_PER_ACCOUNT })
  async certificates(@Root() account: RestAccount, @Ctx() ctx: Context): Promise<Certificate[]> {
    const now = new Date();
    return (await ctx.loaders.certificatesOfAccount(account.id)).map((c) => toCertificate(c, now));
  }

  @FieldResolver(() => AccountHealth, { description: 'OK, EXPIRING (newest valid certificate ends within 30 days), EXPIRED or DISABLED' })
  async health(@Root() account: RestAccount, @Ctx() ctx: Context): Promise<AccountHealth> {
    return accountHealth(account.status, await ctx.loaders.certificatesOfAccount(account.id), new Date()) as AccountHealth;
  }

  @FieldResolver(() => [TokenAttempt], { description: 'Its most recent token requests, newest first (kept 30 days): why a token was refused' })
  async tokenAttempts(
    @Root() account: RestAccount,
    @Ctx() ctx: Context,
    @Arg('first', () => Int, { defaultValue: 20, description: 'How many, from 1 to 100' }) first: number,
  ): Promise<TokenAttempt[]> {
    const limit = checkFirst(first);
    const pg = ctx.ds.options.type === 'postgres';
    const rows: { at: string; outcome: string; reason: string; certificate_id: string | null; ip: string | null }[] = await select(ctx.ds,
      `SELECT at, outcome, reason, certificate_id, ip FROM token_attempt WHERE account_id = ${pg ? '$1' : '?'} ORDER BY at DESC LIMIT ${limit}`,
      [account.id],
    );
    return rows.map((r) => ({ at: new Date(Number(r.at)), outcome: r.outcome, reason: r.reason, certificateId: r.certificate_id, ip: r.ip }));
  }

  @FieldResolver(() => Company, { description: 'The company it belongs to' })
  async company(@Root() account: RestAccount, @Ctx() ctx: Context): Promise<Company> {
    return toCompany((await ctx.access.company(account.companyId))!.entity);
  }
}

@Resolver(() => Permission)
export class PermissionResolver {
  @Query(() => [Permission], { description: 'The REST API permission catalogue' })
  @Extensions({ maxItems: PERMISSIONS.length })
  permissions(
    @Ctx() ctx: Context,
    @Arg('language', () => Language, { nullable: true, description: 'Language of names and descriptions; default: Accept-Language, else English' })
    language: Language | null,
  ): Permission[] {
    const locale = languageOf(ctx, language);
    return PERMISSIONS.map((p) => toPermission(p, locale));
  }

}

const RestAccountConnection = connectionOf(RestAccount, 'RestAccount', 'REST account');
const CertificateConnection = connectionOf(Certificate, 'Certificate', 'certificate');

const firstArg = { defaultValue: 50, description: 'Page size, from 1 to 100' };
const afterArg = { nullable: true, description: "Continue after this cursor (a previous page's pageInfo.endCursor)" };

@Resolver(() => Company)
export class CompanyChannelResolver {
  @FieldResolver(() => RestAccountConnection, { description: "The company's REST accounts, newest first (for those who may use Chaman for it)" })
  async restAccounts(
    @Root() company: Company,
    @Ctx() ctx: Context,
    @Arg('first', () => Int, firstArg) first: number,
    @Arg('after', () => String, afterArg) after: string | null,
    @Arg('status', () => RestAccountStatus, { nullable: true, description: 'Only this status' }) status: RestAccountStatus | null,
    @Arg('health', () => AccountHealth, { nullable: true, description: 'Only this health' }) health: AccountHealth | null,
  ): Promise<Page<RestAccount>> {
    await authorize(ctx, 'use-chaman', company.id);
    const limit = checkFirst(first);
    // Plain SQL on the integrator's hot path: keyset pagination on the (company_id, id) index.
    const pg = ctx.ds.options.type === 'postgres';
    const params: unknown[] = [];
    const p = (value: unknown) => (params.push(value), pg ? `$${params.length}` : '?');
    const where = [`a.company_id = ${p(company.id)}`];
    if (status) where.push(`a.status = ${p(status)}`);
    if (health === AccountHealth.DISABLED) where.push("a.status = 'DISABLED'");
    else if (health) {
      const now = Date.now();
      const newestValid = `(SELECT MAX(c.not_after) FROM rest_account_certificate rc JOIN certificate c ON c.id = rc.certificate_id
        WHERE rc.account_id = a.id AND c.not_before <= ${p(now)} AND c.not_after > ${p(now)})`;
      const soon = now + EXPIRY_WARNING_DAYS * 86_400_000;
      where.push("a.status = 'ACTIVE'");
      if (health === AccountHealth.EXPIRED) where.push(`${newestValid} IS NULL`);
      if (health === AccountHealth.EXPIRING) where.push(`${newestValid} < ${p(soon)}`);
      if (health === AccountHealth.OK) where.push(`${newestValid} >= ${p(soon)}`);
    }
    if (after) where.push(`a.id < ${p(decodeCursor(after))}`);
    // Each account's permission codes and certificate ids are on its row (see RestAccountEntity).
    // The page's distinct certificates (usually one or two: accounts share them) take one more
    // statement on SQLite, a few microseconds in process; on PostgreSQL, where each statement is
    // a round trip, they follow the accounts in the same statement, as rows of their own holding a
    // JSON object. (SQLite cannot split the id lists in SQL, and its planner scans the link table
    // when asked to join it.) Rows come as arrays: an object per row, built column by column by
    // the driver, cost about a quarter of the statement.
    const page = `SELECT a.id, a.name, a.client_id, a.status, a.created_at, a.permission_codes, a.certificate_ids
        FROM rest_account a
        WHERE ${where.join(' AND ')} ORDER BY a.id DESC LIMIT ${limit + 1}`;
    const rows = await selectArrays(ctx.ds,
      pg
        ? `WITH page AS (${page})
           SELECT *, NULL AS certificate FROM page
           UNION ALL
           SELECT NULL, NULL, NULL, NULL, NULL, NULL, NULL, ${certificateJson(pg)} FROM certificate c
            WHERE c.id IN (SELECT DISTINCT unnest(string_to_array(certificate_ids, ',')) FROM page)
           ORDER BY 1 DESC NULLS LAST`
        : page,
      params,
    );
    const accounts: { id: string; name: unknown; client_id: unknown; status: unknown; created_at: unknown; permission_codes: unknown; certificate_ids: unknown }[] = [];
    const certificates = new Map<string, CertificateEntity>();
    for (const [id, name, client_id, status, created_at, permission_codes, certificate_ids, certificate] of rows) {
      if (id !== null) {
        accounts.push({ id: id as string, name, client_id, status, created_at, permission_codes, certificate_ids });
        continue;
      }
      const c = rowToCertificate(certificate as Record<string, unknown>);
      certificates.set(c.id, c);
      // Other resolvers of this request asking for it get it without a statement.
      ctx.loaders.certificateById.prime(c.id, c);
    }
    if (!pg) {
      const ids = new Set([...new Set(accounts.map((r) => r.certificate_ids))].flatMap((list) => splitJoined(list)));
      for (const c of await ctx.loaders.certificateById.loadMany([...ids])) {
        if (c && !(c instanceof Error)) certificates.set(c.id, c);
      }
    }
    // Accounts mostly share their lists of permissions and of certificates, so each distinct list
    // (the column's text) becomes GraphQL objects once for the page.
    const now = new Date();
    const certificatesOf = oncePerKey((ids: unknown) => {
      const own = splitJoined(ids).flatMap((id) => certificates.get(id) ?? []).sort(latestEndingFirst);
      // The health an ACTIVE account with these certificates has (a DISABLED one is DISABLED).
      return { objects: own.map((c) => toCertificate(c, now)), activeHealth: accountHealth('ACTIVE', own, now) as AccountHealth };
    });
    const locale = languageOf(ctx, null);
    const permissionsOf = oncePerKey((codes: unknown) => toPermissions(splitJoined(codes), locale));
    return pageOf(accounts, limit, (r) => {
      const account = toRestAccount(rowToRestAccount(r, company.id));
      const own = certificatesOf(r.certificate_ids);
      account.precomputed = {
        permissions: permissionsOf(r.permission_codes),
        certificates: own.objects,
        health: account.status === RestAccountStatus.DISABLED ? AccountHealth.DISABLED : own.activeHealth,
      };
      return account;
    });
  }

  @FieldResolver(() => CertificateConnection, { description: "The company's certificates, newest first (for those who may use Chaman for it)" })
  async certificates(
    @Root() company: Company,
    @Ctx() ctx: Context,
    @Arg('first', () => Int, firstArg) first: number,
    @Arg('after', () => String, afterArg) after: string | null,
  ): Promise<Page<Certificate>> {
    await authorize(ctx, 'use-chaman', company.id);
    const qb = ctx.ds.getRepository(CertificateEntity).createQueryBuilder('c').where('c.company_id = :co', { co: company.id });
    const now = new Date();
    return paginate(qb, 'c', { first, after }, (e) => toCertificate(e, now));
  }
}
