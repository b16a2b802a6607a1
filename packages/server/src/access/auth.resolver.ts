import { allowedActions, type Role as DomainRole } from '@chaman/domain';
import { Arg, Ctx, Extensions, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { toCompany } from '../company/company.type.js';
import { requireViewer } from '../graphql/authorize.js';
import type { Context } from '../graphql/context.js';
import { clientError, ErrorCode } from '../graphql/errors.js';
import { AccessToken, CreatedAccessToken, Delegation, Membership, Role } from './access.type.js';
import { CreateAccessTokenInput, SignInInput, SignUpInput } from './access.input.js';
import { createAccessToken, revokeAccessToken, signIn, signOut, signUp } from './auth.service.js';
import { CredentialEntity } from './credential.entity.js';
import { Person, Session, toPerson } from './person.type.js';
import { activeProviderIds } from './viewer.js';
import { marks } from '../db/rows.js';
import { select } from '../db/select.js';

function toAccessToken(e: CredentialEntity): AccessToken {
  return { id: e.id, name: e.name ?? '', createdAt: e.createdAt, lastUsedAt: e.lastUsedAt, expiresAt: e.expiresAt, revokedAt: e.revokedAt };
}

@Resolver(() => Person)
export class AuthResolver {
  @Query(() => Person, { nullable: true, description: 'The signed-in person; null when signed out' })
  me(@Ctx() ctx: Context): Person | null {
    return ctx.viewer ? toPerson(ctx.viewer.person) : null;
  }

  @Mutation(() => Session, {
    description: 'Creates an account and signs in. Roles appointed to this email before become ACTIVE',
  })
  async signUp(@Arg('input', () => SignUpInput) input: SignUpInput, @Ctx() ctx: Context): Promise<Session> {
    const { token, expiresAt, person } = await signUp(ctx, input);
    return { token, expiresAt, person: toPerson(person) };
  }

  @Mutation(() => Session, { description: 'Signs in; sets the session cookie and returns the token for Bearer use' })
  async signIn(@Arg('input', () => SignInInput) input: SignInInput, @Ctx() ctx: Context): Promise<Session> {
    const { token, expiresAt, person } = await signIn(ctx, input);
    return { token, expiresAt, person: toPerson(person) };
  }

  @Mutation(() => Boolean, { description: 'Ends the current session; true if there was one' })
  signOut(@Ctx() ctx: Context): Promise<boolean> {
    return signOut(ctx);
  }

  @Mutation(() => CreatedAccessToken, { description: 'Creates a personal access token for scripts; its secret is shown once' })
  async createAccessToken(
    @Arg('input', () => CreateAccessTokenInput) input: CreateAccessTokenInput,
    @Ctx() ctx: Context,
  ): Promise<CreatedAccessToken> {
    const viewer = requireViewer(ctx);
    const { token, secret } = await createAccessToken(ctx, viewer.person.id, input);
    return { accessToken: toAccessToken(token), secret };
  }

  @Mutation(() => AccessToken, { description: 'Revokes one of your personal access tokens' })
  async revokeAccessToken(@Arg('id', () => ID, { description: 'The token' }) id: string, @Ctx() ctx: Context): Promise<AccessToken> {
    const viewer = requireViewer(ctx);
    const token = await revokeAccessToken(ctx, viewer.person.id, id);
    if (!token) throw clientError(ErrorCode.notFound, `You have no personal access token with id ${JSON.stringify(id.slice(0, 64))}`);
    return toAccessToken(token);
  }

  @FieldResolver(() => [Membership], { description: 'The companies this person has roles in, with the roles (counted as 100 in the query cost)' })
  @Extensions({ maxItems: 100 })
  async memberships(@Root() person: Person, @Ctx() ctx: Context): Promise<Membership[]> {
    if (ctx.viewer?.person.id !== person.id) return [];
    const actor = await ctx.access.actor();
    const out: Membership[] = [];
    for (const [companyId, roles] of Object.entries(actor.roles)) {
      const company = await ctx.access.company(companyId);
      if (company) out.push({ company: toCompany(company.entity), roles: roles.map((r: DomainRole) => r as Role) });
    }
    return out.sort((a, b) => a.company.name.localeCompare(b.company.name));
  }

  @FieldResolver(() => [Delegation], {
    description: "Companies this person may use Chaman for through an active mandate held by one of his companies (counted as 100 in the query cost)",
  })
  @Extensions({ maxItems: 100 })
  async delegations(@Root() person: Person, @Ctx() ctx: Context): Promise<Delegation[]> {
    if (ctx.viewer?.person.id !== person.id) return [];
    const actor = await ctx.access.actor();
    const providers = Object.keys(actor.roles);
    if (providers.length === 0) return [];
    const pg = ctx.ds.options.type === 'postgres';
    const rows: { mandator_id: string }[] = await select(ctx.ds,
      `SELECT DISTINCT mandator_id FROM mandate WHERE status = 'ACTIVE' AND provider_id IN (${marks(pg, providers.length)})`,
      providers,
    );
    const out: Delegation[] = [];
    for (const { mandator_id } of rows) {
      const mandator = await ctx.access.company(mandator_id);
      if (!mandator) continue;
      const inForce = new Set(await activeProviderIds(ctx.ds, mandator_id));
      for (const p of providers) {
        const provider = await ctx.access.company(p);
        if (provider && inForce.has(p) && allowedActions({ roles: { [p]: actor.roles[p]! } }, { id: p }).includes('use-chaman')) {
          out.push({ company: toCompany(mandator.entity), through: toCompany(provider.entity) });
          break;
        }
      }
    }
    return out;
  }

  @FieldResolver(() => [AccessToken], { description: "This person's personal access tokens, newest first (without secrets); the 100 newest" })
  @Extensions({ maxItems: 100 })
  async accessTokens(@Root() person: Person, @Ctx() ctx: Context): Promise<AccessToken[]> {
    if (ctx.viewer?.person.id !== person.id) return [];
    const rows = await ctx.ds
      .getRepository(CredentialEntity)
      .find({ where: { personId: person.id, kind: 'PERSONAL_ACCESS_TOKEN' }, order: { id: 'DESC' }, take: 100 });
    return rows.map(toAccessToken);
  }
}
