import { checkPassword, checkPersonName, normalizeEmail } from '@chaman/domain';
import type { EntityManager } from 'typeorm';
import { audit } from '../audit/audit.js';
import { isUniqueViolation } from '../db/errors.js';
import { newId } from '../db/ids.js';
import type { Context } from '../graphql/context.js';
import { clientError, ErrorCode, unwrap } from '../graphql/errors.js';
import { sessionCookie } from '../http/cookies.js';
import { CredentialEntity } from './credential.entity.js';
import { hashPassword, UNKNOWN_PERSON_HASH, verifyPassword } from './passwords.js';
import { PersonEntity } from './person.entity.js';
import { clearCounter, hit, readCounter, type Limit } from './rate-limit.js';
import { RoleAssignmentEntity } from './role-assignment.entity.js';
import { hashSecret, newSecret, PERSONAL_TOKEN_PREFIX, SESSION_PREFIX } from './secrets.js';

const FIFTEEN_MINUTES = 15 * 60_000;
const ONE_HOUR = 60 * 60_000;

function rateLimited(what: string, resetAt: number): never {
  const seconds = Math.max(1, Math.ceil((resetAt - Date.now()) / 1000));
  throw clientError(ErrorCode.rateLimited, `${what}; try again in ${Math.ceil(seconds / 60)} minute(s)`, {
    retryAfterSeconds: seconds,
  });
}

async function checkLimit(ctx: Context, key: string, limit: Limit, what: string): Promise<void> {
  const { count, resetAt } = await readCounter(ctx.ds.manager, key, limit, Date.now());
  if (count >= limit.max) rateLimited(what, resetAt);
}

async function createSession(em: EntityManager, ctx: Context, personId: string): Promise<{ token: string; expiresAt: Date }> {
  const token = newSecret(SESSION_PREFIX);
  const now = new Date();
  const expiresAt = new Date(now.getTime() + ctx.config.sessions.maxDays * 86_400_000);
  await em.insert(CredentialEntity, {
    id: newId(),
    personId,
    kind: 'SESSION',
    name: null,
    secretHash: hashSecret(token),
    createdAt: now,
    lastUsedAt: now,
    expiresAt,
    revokedAt: null,
  });
  ctx.reply.header(
    'set-cookie',
    sessionCookie(token, {
      secure: ctx.config.publicUrl.startsWith('https:'),
      maxAgeSeconds: (expiresAt.getTime() - now.getTime()) / 1000,
    }),
  );
  return { token, expiresAt };
}

export interface SignUpArgs {
  email: string;
  password: string;
  firstName: string;
  lastName: string;
}

/**
 * Creates the account and signs in. Roles appointed to this email before (PENDING) become ACTIVE,
 * each change audited in its company.
 */
export async function signUp(ctx: Context, input: SignUpArgs) {
  const email = unwrap(normalizeEmail(input.email));
  unwrap(checkPassword(input.password));
  const firstName = unwrap(checkPersonName('First name', input.firstName));
  const lastName = unwrap(checkPersonName('Last name', input.lastName));
  const ipKey = `sign-up:ip:${ctx.request.ip}`;
  const ipLimit = { max: ctx.config.rateLimits.signUpPerIp, windowMs: ONE_HOUR };
  await checkLimit(ctx, ipKey, ipLimit, 'Too many accounts were created from your network');
  // Hash outside the transaction: scrypt takes tens of milliseconds and must not hold the write lock.
  const passwordHash = await hashPassword(input.password);
  try {
    return await ctx.transact(async (em) => {
      await hit(em, ipKey, ipLimit, Date.now());
      if (await em.existsBy(PersonEntity, { email })) {
        throw clientError(ErrorCode.conflict, `An account with the email ${email} already exists; sign in instead`);
      }
      const person: PersonEntity = { id: newId(), email, firstName, lastName, passwordHash, createdAt: new Date() };
      await em.insert(PersonEntity, person);
      const pending = await em.findBy(RoleAssignmentEntity, { email, status: 'PENDING' });
      for (const a of pending) {
        await em.update(RoleAssignmentEntity, { id: a.id }, { status: 'ACTIVE', personId: person.id });
        await audit(em, { ...ctx, viewer: null }, {
          companyId: a.companyId,
          action: 'role.activated',
          targetType: 'role-assignment',
          targetId: a.id,
          details: { role: a.role, email, before: 'PENDING', after: 'ACTIVE', reason: 'signed up' },
        });
      }
      const session = await createSession(em, ctx, person.id);
      return { ...session, person };
    });
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw clientError(ErrorCode.conflict, `An account with the email ${email} already exists; sign in instead`);
    }
    throw error;
  }
}

/**
 * Signs in. A wrong password and an unknown email get the same answer after the same work (a
 * scrypt verification either way). Failed attempts are limited per email and per client IP.
 */
export async function signIn(ctx: Context, input: { email: string; password: string }) {
  const email = unwrap(normalizeEmail(input.email));
  const emailKey = `sign-in:email:${email}`;
  const ipKey = `sign-in:ip:${ctx.request.ip}`;
  const emailLimit = { max: ctx.config.rateLimits.signInPerEmail, windowMs: FIFTEEN_MINUTES };
  const ipLimit = { max: ctx.config.rateLimits.signInPerIp, windowMs: FIFTEEN_MINUTES };
  await checkLimit(ctx, emailKey, emailLimit, 'Too many failed sign-ins for this email');
  await checkLimit(ctx, ipKey, ipLimit, 'Too many failed sign-ins from your network');
  const person = await ctx.ds.getRepository(PersonEntity).findOneBy({ email });
  const valid = await verifyPassword(input.password, person?.passwordHash ?? (await UNKNOWN_PERSON_HASH));
  if (!person || !valid) {
    await ctx.transact(async (em) => {
      await hit(em, emailKey, emailLimit, Date.now());
      await hit(em, ipKey, ipLimit, Date.now());
    });
    throw clientError(ErrorCode.unauthenticated, 'The email or the password is wrong');
  }
  return ctx.transact(async (em) => {
    await clearCounter(em, emailKey);
    const session = await createSession(em, ctx, person.id);
    return { ...session, person };
  });
}

/** Ends the current session (a personal access token stays valid: revoke it explicitly). */
export async function signOut(ctx: Context): Promise<boolean> {
  const credential = ctx.viewer?.credential;
  if (credential?.kind === 'SESSION') {
    await ctx.transact((em) => em.update(CredentialEntity, { id: credential.id }, { revokedAt: new Date() }));
  }
  ctx.reply.header('set-cookie', sessionCookie('', { secure: ctx.config.publicUrl.startsWith('https:'), maxAgeSeconds: 0 }));
  return credential !== undefined;
}

export async function createAccessToken(ctx: Context, personId: string, input: { name: string; expiresInDays: number }) {
  const name = input.name.trim();
  if (name.length < 1 || name.length > 100) {
    throw clientError(ErrorCode.badUserInput, `The token name must have 1 to 100 characters; got ${name.length}`);
  }
  if (!Number.isInteger(input.expiresInDays) || input.expiresInDays < 1 || input.expiresInDays > 365) {
    throw clientError(ErrorCode.badUserInput, `expiresInDays must be from 1 to 365; got ${input.expiresInDays}`);
  }
  const secret = newSecret(PERSONAL_TOKEN_PREFIX);
  const now = new Date();
  const token: CredentialEntity = {
    id: newId(),
    personId,
    kind: 'PERSONAL_ACCESS_TOKEN',
    name,
    secretHash: hashSecret(secret),
    createdAt: now,
    lastUsedAt: now,
    expiresAt: new Date(now.getTime() + input.expiresInDays * 86_400_000),
    revokedAt: null,
  };
  await ctx.transact((em) => em.insert(CredentialEntity, token));
  return { token, secret };
}

export async function revokeAccessToken(ctx: Context, personId: string, id: string): Promise<CredentialEntity | null> {
  return ctx.transact(async (em) => {
    const token = await em.findOneBy(CredentialEntity, { id, personId, kind: 'PERSONAL_ACCESS_TOKEN' });
    if (!token) return null;
    if (!token.revokedAt) {
      token.revokedAt = new Date();
      await em.update(CredentialEntity, { id }, { revokedAt: token.revokedAt });
    }
    return token;
  });
}
