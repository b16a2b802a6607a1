import { AccessErrors, allowedActions, type Role as DomainRole } from '@chaman/domain';
import { Arg, Ctx, Extensions, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { companyRepository } from '../company/company.repository.js';
import { toCompany } from '../company/company.type.js';
import type { Context } from '../graphql/context.js';
import { answer, toGraphQLError } from '../graphql/errors.js';
import { DEVICE_COOKIE, deviceCookie, readCookie, SESSION_COOKIE, sessionCookie } from '../http/cookies.js';
import { accessRepository, type Credential } from './access.repository.js';
import { AccessToken, CreatedAccessToken, Delegation, Membership, Role, SessionInfo } from './access.type.js';
import { ChangePasswordInput, CreateAccessTokenInput, ResetPasswordInput, SignInInput, SignUpInput } from './access.input.js';
import { createAccessToken, revokeAccessToken, signIn, signOut, signUp, type NewSession } from './auth.use-cases.js';
import { changePassword, revokeSession, signOutEverywhere } from './credentials.use-cases.js';
import { requestPasswordReset, resendVerification, resetPassword, verifyEmail } from './email-proof.use-cases.js';
import { Person, Session, toPerson } from './person.type.js';

function toAccessToken(e: Credential): AccessToken {
  return { id: e.id, name: e.name ?? '', createdAt: e.createdAt, lastUsedAt: e.lastUsedAt, expiresAt: e.expiresAt, revokedAt: e.revokedAt };
}

/** The device id the browser presents in its cookie (null for clients that keep no cookies). */
const presentedDevice = (ctx: Context) => readCookie(ctx.request.headers.cookie, DEVICE_COOKIE);

/** Hands a new session to the browser as an HttpOnly cookie, and to other clients in the answer. */
function startSession(ctx: Context, session: NewSession): Session {
  const secure = ctx.config.publicUrl.startsWith('https:');
  ctx.reply.header('set-cookie', [
    sessionCookie(session.token, { secure, maxAgeSeconds: Math.round((session.expiresAt.getTime() - Date.now()) / 1000) }),
    deviceCookie(session.deviceId, { secure }),
  ]);
  return { token: session.token, expiresAt: session.expiresAt, person: toPerson(session.person) };
}

/** Tells the browser to forget its session cookie (the session itself is ended by the use case). */
function endBrowserSession(ctx: Context): void {
  ctx.reply.header('set-cookie', sessionCookie('', { secure: ctx.config.publicUrl.startsWith('https:'), maxAgeSeconds: 0 }));
}

/** Whether the expired credential came in the session cookie (a Bearer caller keeps `me: null`). */
const expiredCookie = (ctx: Context) => !ctx.request.headers.authorization && readCookie(ctx.request.headers.cookie, SESSION_COOKIE) !== null;

/** The most items the person's lists hold (a bound the query cost can count on). */
const MAX_LISTED = 100;

/** Whether `person` is the one this request acts for (the viewer, or whom it just signed in). */
const isCaller = (ctx: Context, person: Person) => ctx.access.personId === person.id;

@Resolver(() => Person)
export class AuthResolver {
  @Query(() => Person, {
    nullable: true,
    description:
      'The signed-in person; null when signed out. A browser whose session cookie expired (its lifetime or its idle time) is told so once: UNAUTHENTICATED with reason access/session-expired, and the answer drops the cookie, so the next call is null',
  })
  me(@Ctx() ctx: Context): Person | null {
    if (ctx.viewer) return toPerson(ctx.viewer.person);
    if (ctx.authProblem?.code === AccessErrors.sessionExpired && expiredCookie(ctx)) {
      endBrowserSession(ctx);
      throw toGraphQLError(ctx.authProblem);
    }
    return null;
  }

  @Mutation(() => Session, {
    description:
      'Creates an account, mails a link to prove its email ($PUBLIC_URL/verify-email?token=...) and signs in. Roles appointed to this email stay PENDING until the email is proven (verifyEmail)',
  })
  async signUp(@Arg('input', () => SignUpInput) input: SignUpInput, @Ctx() ctx: Context): Promise<Session> {
    return startSession(ctx, answer(await signUp(ctx.deps, { ...input, deviceId: presentedDevice(ctx) })));
  }

  @Mutation(() => Session, { description: 'Signs in; sets the session cookie and returns the token for Bearer use' })
  async signIn(@Arg('input', () => SignInInput) input: SignInInput, @Ctx() ctx: Context): Promise<Session> {
    return startSession(ctx, answer(await signIn(ctx.deps, { ...input, deviceId: presentedDevice(ctx) })));
  }

  @Mutation(() => Person, {
    description:
      'Proves an email with the token of the link mailed to it ($PUBLIC_URL/verify-email?token=...), signed in or not; each link works once, within 24 hours. Roles appointed to that email become ACTIVE: the answer is the person, whose memberships include them. Refused with BAD_USER_INPUT, reason access/verification-token-invalid (params.cause: unknown, used or expired)',
  })
  async verifyEmail(@Arg('token', () => String, { description: 'The token of the mailed link' }) token: string, @Ctx() ctx: Context): Promise<Person> {
    return toPerson(answer(await verifyEmail(ctx.deps, token)));
  }

  @Mutation(() => Boolean, {
    description: 'Mails the signed-in person a new link to prove their email; true when mailed, false when the email is proven already. At most 5 an hour (RATE_LIMITED)',
  })
  async resendVerification(@Ctx() ctx: Context): Promise<boolean> {
    return answer(await resendVerification(ctx.deps));
  }

  @Mutation(() => Boolean, {
    description:
      'Mails a link to choose a new password ($PUBLIC_URL/reset-password?token=...) to the account with this email, if there is one. Always true, whether or not an account has this email. At most 5 an hour per email and 30 per client IP (RATE_LIMITED)',
  })
  async requestPasswordReset(@Arg('email', () => String, { description: 'The email of the account' }) email: string, @Ctx() ctx: Context): Promise<boolean> {
    return answer(await requestPasswordReset(ctx.deps, { email }));
  }

  @Mutation(() => Session, {
    description:
      'Sets a new password with the token mailed by requestPasswordReset (once, within an hour) and signs in; every other session and every personal access token of the account ends, and the email counts as proven. Refused with BAD_USER_INPUT, reason access/reset-token-invalid (params.cause: unknown, used or expired)',
  })
  async resetPassword(@Arg('input', () => ResetPasswordInput) input: ResetPasswordInput, @Ctx() ctx: Context): Promise<Session> {
    return startSession(ctx, answer(await resetPassword(ctx.deps, { ...input, deviceId: presentedDevice(ctx) })));
  }

  @Mutation(() => Boolean, {
    description:
      'Ends the current session; true if there was one. Refused with a personal access token (BAD_USER_INPUT, reason access/personal-token-sign-out): end one with revokeAccessToken',
  })
  async signOut(@Ctx() ctx: Context): Promise<boolean> {
    const ended = answer(await signOut(ctx.deps));
    endBrowserSession(ctx);
    return ended;
  }

  @Mutation(() => Boolean, {
    description:
      'Changes the password of the signed-in person and ends every other session; the current session and the personal access tokens stay (revoke those with revokeAccessToken). Wrong current passwords count against the limit of failed sign-ins. Needs a session, not a personal access token',
  })
  async changePassword(@Arg('input', () => ChangePasswordInput) input: ChangePasswordInput, @Ctx() ctx: Context): Promise<boolean> {
    return answer(await changePassword(ctx.deps, input));
  }

  @Mutation(() => Boolean, {
    description:
      'Ends one of your sessions (see me.sessions); true if it ended now, false if it had already ended. Ending the current one signs you out. Needs a session, not a personal access token',
  })
  async revokeSession(@Arg('id', () => ID, { description: 'The session' }) id: string, @Ctx() ctx: Context): Promise<boolean> {
    const ended = answer(await revokeSession(ctx.deps, id));
    if (ctx.viewer?.credential.id === id) endBrowserSession(ctx);
    return ended;
  }

  @Mutation(() => Boolean, {
    description:
      'Ends every session of the signed-in person, the current one included. Personal access tokens keep working: revoke them with revokeAccessToken. Needs a session, not a personal access token',
  })
  async signOutEverywhere(@Ctx() ctx: Context): Promise<boolean> {
    const ended = answer(await signOutEverywhere(ctx.deps));
    endBrowserSession(ctx);
    return ended;
  }

  @Mutation(() => CreatedAccessToken, {
    description: 'Creates a personal access token for scripts; its secret is shown once. Needs a session: a personal access token cannot create tokens',
  })
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

  @FieldResolver(() => [SessionInfo], {
    description: `This person's sessions in force (not signed out, not expired), newest first (the last ${MAX_LISTED}); only the person sees them`,
  })
  @Extensions({ maxItems: MAX_LISTED })
  async sessions(@Root() person: Person, @Ctx() ctx: Context): Promise<SessionInfo[]> {
    if (!isCaller(ctx, person)) return [];
    const now = ctx.deps.now();
    const idleSince = new Date(now.getTime() - ctx.config.sessions.idleMinutes * 60_000);
    const rows = await accessRepository.activeSessions(ctx.deps.db, person.id, now, idleSince, MAX_LISTED);
    const currentId = ctx.viewer?.credential.id;
    return rows.map((r) => ({ id: r.id, createdAt: r.createdAt, lastSeenAt: r.lastUsedAt, userAgent: r.userAgent, ip: r.ip, current: r.id === currentId }));
  }

  @FieldResolver(() => [AccessToken], { description: `This person's personal access tokens, newest first (without secrets; the last ${MAX_LISTED})` })
  @Extensions({ maxItems: MAX_LISTED })
  async accessTokens(@Root() person: Person, @Ctx() ctx: Context): Promise<AccessToken[]> {
    if (!isCaller(ctx, person)) return [];
    return (await accessRepository.personalTokens(ctx.deps.db, person.id)).map(toAccessToken);
  }
}
