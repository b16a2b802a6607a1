import { allowedActions, type Role as DomainRole } from '@chaman/domain';
import { Arg, Ctx, Extensions, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { companyRepository } from '../company/company.repository.js';
import { toCompany } from '../company/company.type.js';
import type { Context } from '../graphql/context.js';
import { answer } from '../graphql/errors.js';
import { sessionCookie } from '../http/cookies.js';
import { accessRepository } from './access.repository.js';
import { AccessToken, CreatedAccessToken, Delegation, Membership, Role } from './access.type.js';
import { CreateAccessTokenInput, SignInInput, SignUpInput } from './access.input.js';
import { createAccessToken, revokeAccessToken, signIn, signOut, signUp, type NewSession } from './auth.use-cases.js';
import type { CredentialEntity } from './credential.entity.js';
import { Person, Session, toPerson } from './person.type.js';

function toAccessToken(e: CredentialEntity): AccessToken {
  return { id: e.id, name: e.name ?? '', createdAt: e.createdAt, lastUsedAt: e.lastUsedAt, expiresAt: e.expiresAt, revokedAt: e.revokedAt };
}

/** Hands a new session to the browser as an HttpOnly cookie, and to other clients in the answer. */
function startSession(ctx: Context, session: NewSession): Session {
  ctx.reply.header(
    'set-cookie',
    sessionCookie(session.token, {
      secure: ctx.config.publicUrl.startsWith('https:'),
      maxAgeSeconds: Math.round((session.expiresAt.getTime() - Date.now()) / 1000),
    }),
  );
  return { token: session.token, expiresAt: session.expiresAt, person: toPerson(session.person) };
}

/** The most items the person's lists hold (a bound the query cost can count on). */
const MAX_LISTED = 100;

/** Whether `person` is the one this request acts for (the viewer, or whom it just signed in). */
const isCaller = (ctx: Context, person: Person) => ctx.access.personId === person.id;

@Resolver(() => Person)
export class AuthResolver {
  @Query(() => Person, { nullable: true, description: 'The signed-in person; null when signed out' })
  me(@Ctx() ctx: Context): Person | null {
    return ctx.viewer ? toPerson(ctx.viewer.person) : null;
  }

  @Mutation(() => Session, {
    description: 'Creates an account and signs in. Roles appointed to this email before become ACTIVE (the answer lists them under person.memberships)',
  })
  async signUp(@Arg('input', () => SignUpInput) input: SignUpInput, @Ctx() ctx: Context): Promise<Session> {
    return startSession(ctx, answer(await signUp(ctx.deps, input)));
  }

  @Mutation(() => Session, { description: 'Signs in; sets the session cookie and returns the token for Bearer use' })
  async signIn(@Arg('input', () => SignInInput) input: SignInInput, @Ctx() ctx: Context): Promise<Session> {
    return startSession(ctx, answer(await signIn(ctx.deps, input)));
  }

  @Mutation(() => Boolean, { description: 'Ends the current session; true if there was one' })
  async signOut(@Ctx() ctx: Context): Promise<boolean> {
    const ended = answer(await signOut(ctx.deps));
    ctx.reply.header('set-cookie', sessionCookie('', { secure: ctx.config.publicUrl.startsWith('https:'), maxAgeSeconds: 0 }));
    return ended;
  }

  @Mutation(() => CreatedAccessToken, { description: 'Creates a personal access token for scripts; its secret is shown once' })
  async createAccessToken(
    @Arg('input', () => CreateAccessTokenInput) input: CreateAccessTokenInput,
    @Ctx() ctx: Context,
  ): Promise<CreatedAccessToken> {
    const { token, secret } = answer(await createAccessToken(ctx.deps, input));
    return { accessToken: toAccessToken(token), secret };
  }

  @Mutation(() => AccessToken, { description: 'Revokes one of your personal access tokens' })
  async revokeAccessToken(@Arg('id', () => ID, { description: 'The token' }) id: string, @Ctx() ctx: Context): Promise<AccessToken> {
    return toAccessToken(answer(await revokeAccessToken(ctx.deps, id)));
  }

  @FieldResolver(() => [Membership], { description: `The companies this person has roles in, with the roles (the first ${MAX_LISTED} by name)` })
  @Extensions({ maxItems: MAX_LISTED })
  async memberships(@Root() person: Person, @Ctx() ctx: Context): Promise<Membership[]> {
    if (!isCaller(ctx, person)) return [];
    const actor = await ctx.access.actor();
    const out: Membership[] = [];
    for (const [companyId, roles] of Object.entries(actor.roles)) {
      const company = await ctx.access.company(companyId);
      if (company) out.push({ company: toCompany(company.entity), roles: roles.map((r: DomainRole) => r as Role) });
    }
    return out.sort((a, b) => a.company.name.localeCompare(b.company.name)).slice(0, MAX_LISTED);
  }

  @FieldResolver(() => [Delegation], {
    description: `Companies this person may use Chaman for through an active mandate held by one of his companies (at most ${MAX_LISTED})`,
  })
  @Extensions({ maxItems: MAX_LISTED })
  async delegations(@Root() person: Person, @Ctx() ctx: Context): Promise<Delegation[]> {
    if (!isCaller(ctx, person)) return [];
    const actor = await ctx.access.actor();
    const providers = Object.keys(actor.roles);
    if (providers.length === 0) return [];
    const out: Delegation[] = [];
    for (const mandatorId of await accessRepository.mandatorsOf(ctx.deps.db, providers)) {
      const mandator = await ctx.access.company(mandatorId);
      if (!mandator) continue;
      const inForce = new Set(await companyRepository.activeProviderIds(ctx.deps.db, mandatorId, Date.now()));
      for (const p of providers) {
        const provider = await ctx.access.company(p);
        if (provider && inForce.has(p) && allowedActions({ roles: { [p]: actor.roles[p]! } }, { id: p, registrationStatus: provider.ref.registrationStatus }).includes('use-chaman')) {
          out.push({ company: toCompany(mandator.entity), through: toCompany(provider.entity) });
          break;
        }
      }
      if (out.length >= MAX_LISTED) break;
    }
    return out;
  }

  @FieldResolver(() => [AccessToken], { description: `This person's personal access tokens, newest first (without secrets; the last ${MAX_LISTED})` })
  @Extensions({ maxItems: MAX_LISTED })
  async accessTokens(@Root() person: Person, @Ctx() ctx: Context): Promise<AccessToken[]> {
    if (!isCaller(ctx, person)) return [];
    return (await accessRepository.personalTokens(ctx.deps.db, person.id)).map(toAccessToken);
  }
}
