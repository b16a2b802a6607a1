import { ACCOUNT_NAME_MAX, EXPIRY_WARNING_DAYS, MAX_CERTIFICATES_PER_ACCOUNT, can, PERMISSIONS, permissionsOf, type Locale } from '@chaman/domain';
import { Arg, Ctx, Extensions, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { authorize, visibleCompany } from '../graphql/authorize.js';
import { Company, toCompany } from '../company/company.type.js';
import { checkFirst, connectionOf, decodeCursor, pageOf, withCount, type Page } from '../graphql/connection.js';
import type { Context } from '../graphql/context.js';
import { answer } from '../graphql/errors.js';
import { TokenAttempt, UnprovenTokenAttempts } from '../oauth/token-attempt.type.js';
import { Language, localeOf, Permission, toPermission } from '../permission/permission.type.js';
import {
  AddRestAccountCertificateInput,
  CreateRestAccountInput,
  RemoveRestAccountCertificateInput,
  RenameRestAccountInput,
  RestAccountInput,
  SetRestAccountPermissionsInput,
} from './rest-account.input.js';
import { restAccountRepository, type AccountFilter } from './rest-account.repository.js';
import {
  addRestAccountCertificate,
  createRestAccount,
  deleteRestAccount,
  removeRestAccountCertificate,
  renameRestAccount,
  setRestAccountPermissions,
  setRestAccountStatus,
  confirmRestAccountReview,
} from './rest-account.use-cases.js';
import { AccountCertificateUse, AccountHealth, RestAccount, RestAccountStatus, toRestAccount } from './rest-account.type.js';

function languageOf(ctx: Context, language: Language | null | undefined): Locale {
  return language ?? localeOf(ctx.request.headers['accept-language']);
}

/** Each distinct list of codes becomes Permission objects once per language (accounts of a page share lists). */
const permissionLists = new WeakMap<readonly string[], Map<Locale, Permission[]>>();
function toPermissions(codes: readonly string[], locale: Locale): Permission[] {
  let byLocale = permissionLists.get(codes);
  if (!byLocale) permissionLists.set(codes, (byLocale = new Map()));
  let list = byLocale.get(locale);
  if (!list) byLocale.set(locale, (list = permissionsOf(codes).map((p) => toPermission(p, locale))));
  return list;
}

/** RestAccount.permissions, for the resolver below and as a plain resolver (see synchronousResolvers). */
function accountPermissions(account: RestAccount, args: { language?: Language | null }, ctx: Context): Permission[] {
  return toPermissions(account.permissionCodes, languageOf(ctx, args.language));
}

/**
 * Fields of the integrator's hot read that take arguments, answered by a plain resolver in place of
 * type-graphql's: type-graphql validates arguments asynchronously even with validation off, so its
 * resolver returns a promise per account (a page of 50 read at 0.84 of its speed without them).
 * The declarations above still make the schema; these answer the same, synchronously.
 */
export const synchronousResolvers = { RestAccount: { permissions: accountPermissions } };

@Resolver(() => RestAccount)
export class RestAccountResolver {
  @Query(() => RestAccount, { nullable: true, description: 'A REST account by its client ID; null when unknown or not visible to the caller' })
  async restAccount(@Arg('clientId', () => String, { description: 'self_service_expeditor_<n>' }) clientId: string, @Ctx() ctx: Context) {
    if (!ctx.viewer || clientId.length > 64) return null;
    const account = await restAccountRepository.byClientId(ctx.deps.db, clientId);
    if (!account) return null;
    const found = await visibleCompany(ctx, account.companyId);
    return found && can(found.actor, 'use-chaman', found.company.ref) ? toRestAccount(account) : null;
  }

  @Mutation(() => RestAccount, {
    description:
      '"Add a Web service account": a REST account with permissions and a certificate (existing or uploaded); it gets its client ID self_service_expeditor_<n>',
  })
  async createRestAccount(@Arg('input', () => CreateRestAccountInput) input: CreateRestAccountInput, @Ctx() ctx: Context) {
    return toRestAccount(answer(await createRestAccount(ctx.deps, input)));
  }

  @Mutation(() => RestAccount, { description: 'Renames a REST account' })
  async renameRestAccount(@Arg('input', () => RenameRestAccountInput) input: RenameRestAccountInput, @Ctx() ctx: Context) {
    return toRestAccount(answer(await renameRestAccount(ctx.deps, input)));
  }

  @Mutation(() => RestAccount, { description: "Replaces a REST account's permissions" })
  async setRestAccountPermissions(@Arg('input', () => SetRestAccountPermissionsInput) input: SetRestAccountPermissionsInput, @Ctx() ctx: Context) {
    return toRestAccount(answer(await setRestAccountPermissions(ctx.deps, input)));
  }

  @Mutation(() => RestAccount, { description: 'Adds a certificate to a REST account (at most 5), for rotation without downtime' })
  async addRestAccountCertificate(@Arg('input', () => AddRestAccountCertificateInput) input: AddRestAccountCertificateInput, @Ctx() ctx: Context) {
    return toRestAccount(answer(await addRestAccountCertificate(ctx.deps, input)));
  }

  @Mutation(() => RestAccount, { description: 'Removes a certificate from a REST account (never its last one)' })
  async removeRestAccountCertificate(
    @Arg('input', () => RemoveRestAccountCertificateInput) input: RemoveRestAccountCertificateInput,
    @Ctx() ctx: Context,
  ) {
    return toRestAccount(answer(await removeRestAccountCertificate(ctx.deps, input)));
  }

  @Mutation(() => RestAccount, {
    description:
      "Clears an account's review flag: an access manager (or chief) of its company confirms that whoever left cannot obtain its tokens (audited as rest-account.review-cleared). Rotating the certificate clears it too",
  })
  async confirmRestAccountReview(@Arg('id', () => ID, { description: 'The REST account' }) id: string, @Ctx() ctx: Context) {
    return toRestAccount(answer(await confirmRestAccountReview(ctx.deps, id)));
  }

  @Mutation(() => RestAccount, { description: 'Disables a REST account: it gets no tokens until enabled' })
  async disableRestAccount(@Arg('input', () => RestAccountInput) input: RestAccountInput, @Ctx() ctx: Context) {
    return toRestAccount(answer(await setRestAccountStatus(ctx.deps, input.accountId, 'DISABLED')));
  }

  @Mutation(() => RestAccount, { description: 'Enables a disabled REST account' })
  async enableRestAccount(@Arg('input', () => RestAccountInput) input: RestAccountInput, @Ctx() ctx: Context) {
    return toRestAccount(answer(await setRestAccountStatus(ctx.deps, input.accountId, 'ACTIVE')));
  }

  @Mutation(() => RestAccount, { description: 'Deletes a REST account; its client ID is retired for good' })
  async deleteRestAccount(@Arg('input', () => RestAccountInput) input: RestAccountInput, @Ctx() ctx: Context) {
    return toRestAccount(answer(await deleteRestAccount(ctx.deps, input.accountId)));
  }

  @FieldResolver(() => [Permission], { description: 'Its permissions, named and described in the language asked for' })
  @Extensions({ maxItems: PERMISSIONS.length })
  permissions(
    @Root() account: RestAccount,
    @Ctx() ctx: Context,
    @Arg('language', () => Language, { nullable: true, description: 'Language of names and descriptions; default: Accept-Language, else English' })
    language: Language | null,
  ): Permission[] {
    return accountPermissions(account, { language }, ctx);
  }

  @FieldResolver(() => [TokenAttempt], { description: 'Its most recent token requests, newest first (kept 30 days): why a token was refused. Requests whose caller proved no key of the account are counted in unprovenTokenAttempts instead' })
  async tokenAttempts(
    @Root() account: RestAccount,
    @Ctx() ctx: Context,
    @Arg('first', () => Int, { defaultValue: 20, description: 'How many, from 1 to 100' }) first: number,
  ): Promise<TokenAttempt[]> {
    return restAccountRepository.tokenAttempts(ctx.deps.db, account.id, answer(checkFirst(first)));
  }

  @FieldResolver(() => [UnprovenTokenAttempts], {
    description:
      'Refused token requests whose caller proved no key of this account, counted per client IP (kept until none came for 30 days), the most recently seen first; tokenAttempts lists the others one by one',
  })
  async unprovenTokenAttempts(
    @Root() account: RestAccount,
    @Ctx() ctx: Context,
    @Arg('first', () => Int, { defaultValue: 20, description: 'How many IPs, from 1 to 100' }) first: number,
  ): Promise<UnprovenTokenAttempts[]> {
    return restAccountRepository.unprovenTokenAttempts(ctx.deps.db, account.id, answer(checkFirst(first)));
  }

  @FieldResolver(() => [AccountCertificateUse], {
    description: `Its certificates (latest-ending first, as certificates) with when each last obtained a token for it (at most ${MAX_CERTIFICATES_PER_ACCOUNT})`,
  })
  @Extensions({ maxItems: MAX_CERTIFICATES_PER_ACCOUNT })
  async certificateUses(@Root() account: RestAccount, @Ctx() ctx: Context): Promise<AccountCertificateUse[]> {
    const lastUses = await ctx.loaders.certificateLastUses.load(account.id);
    return account.certificates.map((certificate) => Object.assign(new AccountCertificateUse(), { certificate, lastUsedAt: lastUses.get(certificate.id) ?? null }));
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

const RestAccountConnection = connectionOf(RestAccount, 'RestAccount', 'REST account', 'REST accounts', { counted: true });

const firstArg = { defaultValue: 50, description: 'Page size, from 1 to 100' };
const afterArg = { nullable: true, description: "Continue after this cursor (a previous page's pageInfo.endCursor)" };

/** The accounts of a health, as a filter of the page's SQL. */
function healthFilter(health: AccountHealth | null, at: number): Pick<AccountFilter, 'status' | 'newestValidEnds'> {
  const soon = at + EXPIRY_WARNING_DAYS * 86_400_000;
  switch (health) {
    case null:
      return {};
    case AccountHealth.DISABLED:
      return { status: 'DISABLED' };
    case AccountHealth.EXPIRED:
      return { newestValidEnds: { none: true } };
    case AccountHealth.EXPIRING:
      return { newestValidEnds: { before: soon } };
    case AccountHealth.OK:
      return { newestValidEnds: { notBefore: soon } };
  }
}

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
    @Arg('search', () => String, {
      nullable: true,
      description:
        'Only accounts whose name or client ID contains this text, compared case-insensitively ("payroll", "expeditor_12"); % and _ are taken literally. Blank: all accounts',
    })
    search: string | null,
  ): Promise<Page<RestAccount>> {
    await authorize(ctx, 'use-chaman', company.id);
    const limit = answer(checkFirst(first));
    const now = new Date();
    const byHealth = healthFilter(health ?? null, now.getTime());
    const text = search?.trim() ?? '';
    const none = () => withCount(pageOf([], limit, toRestAccount), () => Promise.resolve(0));
    // A status filter and a health filter together: both must hold (DISABLED health needs DISABLED status).
    if (status && byHealth.status && status !== byHealth.status) return none();
    if (status && byHealth.newestValidEnds && status !== RestAccountStatus.ACTIVE) return none();
    // No name (at most ACCOUNT_NAME_MAX characters) or client ID contains a longer text.
    if (text.length > ACCOUNT_NAME_MAX) return none();
    const filter: AccountFilter = {
      status: status ?? byHealth.status ?? null,
      newestValidEnds: byHealth.newestValidEnds,
      search: text || null,
      before: after ? answer(decodeCursor(after)) : null,
    };
    const views = await restAccountRepository.page(ctx.deps.db, company.id, filter, limit, now.getTime());
    return withCount(
      pageOf(views, limit, (view) => toRestAccount(view, now)),
      () => restAccountRepository.count(ctx.deps.db, company.id, filter, now.getTime()),
    );
  }
}

