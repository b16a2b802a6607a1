import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { AccessErrors } from '@chaman/domain';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import * as client from 'openid-client';
import type { Config, OidcConfig } from '../config.js';
import type { Db } from '../db/database.js';
import { readCookie, sessionCookie } from '../http/cookies.js';
import type { Deps } from '../shared/use-case.js';
import { AccessLoader } from './access-loader.js';
import { OidcDiscovery } from './oidc.discovery.js';
import { signInWithOidc, type ProvidedIdentity } from './oidc.use-cases.js';

export const OIDC_START_PATH = '/auth/oidc/start';
const OIDC_CALLBACK_PATH = '/auth/oidc/callback';
/** Where a failed single sign-on lands, with `?error=<reason>`: the admin UI's sign-in page. */
const SIGN_IN_PAGE = '/sign-in';

/** The state, nonce and PKCE verifier of one sign-in under way, sealed in a cookie the browser brings back. */
const FLOW_COOKIE = 'chaman_oidc';
/** Time enough to sign in at the provider; an older flow is refused. */
const FLOW_SECONDS = 10 * 60;
const RETURN_TO_MAX = 2000;

interface Flow {
  state: string;
  nonce: string;
  verifier: string;
  returnTo: string;
  expiresAt: number;
}

/**
 * Where to go after signing in: a path on this server, or / for anything else (another origin,
 * `//host`, a backslash some browsers read as a slash), so that the sign-in cannot be used to
 * send someone to a page of an attacker's choosing.
 */
function safeReturnTo(value: unknown, publicUrl: string): string {
  if (typeof value !== 'string' || value.length > RETURN_TO_MAX || !value.startsWith('/') || /[\\\p{Cc}]/u.test(value)) return '/';
  if (value.startsWith('//')) return '/';
  try {
    const home = new URL(publicUrl);
    const target = new URL(value, home);
    if (target.origin !== home.origin) return '/';
    return `${target.pathname}${target.search}${target.hash}`;
  } catch {
    return '/';
  }
}

/**
 * The flow is encrypted and authenticated (AES-256-GCM) with a key derived from the client secret:
 * the browser can neither read the PKCE verifier nor forge a flow, and every instance sharing the
 * configuration can open what another sealed.
 */
function flowKey(oidc: OidcConfig): Buffer {
  return Buffer.from(hkdfSync('sha256', oidc.clientSecret, 'chaman', 'oidc flow cookie', 32));
}

function seal(key: Buffer, flow: Flow): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const body = Buffer.concat([cipher.update(JSON.stringify(flow), 'utf8'), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url');
}

function open(key: Buffer, sealed: string | null, now: number): Flow | null {
  if (!sealed) return null;
  try {
    const bytes = Buffer.from(sealed, 'base64url');
    const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(0, 12));
    decipher.setAuthTag(bytes.subarray(12, 28));
    const flow = JSON.parse(Buffer.concat([decipher.update(bytes.subarray(28)), decipher.final()]).toString('utf8')) as Flow;
    return flow.expiresAt > now ? flow : null;
  } catch {
    return null;
  }
}

/** Only sent back to the two single sign-on paths; Lax, because the provider sends the browser back with a top-level GET. */
function flowCookie(value: string, secure: boolean, maxAgeSeconds: number): string {
  return [`${FLOW_COOKIE}=${value}`, 'Path=/auth/oidc', 'HttpOnly', 'SameSite=Lax', `Max-Age=${maxAgeSeconds}`, ...(secure ? ['Secure'] : [])].join('; ');
}

const claimText = (value: unknown): string | null => (typeof value === 'string' && value.trim() !== '' ? value : null);

/**
 * `GET /auth/oidc/start?returnTo=/path` sends the browser to the provider (authorization code with
 * PKCE, state and nonce); `GET /auth/oidc/callback` takes it back, signs in and goes to returnTo.
 * Every failure goes to the sign-in page with the refusal's reason (`/sign-in?error=access/oidc-...`),
 * which the admin UI words in the person's language. Without OIDC_* both answer 404.
 */
export function registerOidc(fastify: FastifyInstance, options: { db: Db; config: Config }): void {
  const { db, config } = options;
  const oidc = config.oidc;
  if (!oidc) {
    const off = (_request: FastifyRequest, reply: FastifyReply) => reply.code(404).send({ error: 'not_found', message: 'Single sign-on is not configured' });
    fastify.get(OIDC_START_PATH, off);
    fastify.get(OIDC_CALLBACK_PATH, off);
    return;
  }
  const discovery = new OidcDiscovery(oidc);
  const key = flowKey(oidc);
  const secure = config.publicUrl.startsWith('https:');
  const redirectUri = `${config.publicUrl}${OIDC_CALLBACK_PATH}`;
  // Found out at start so that the log says early when the provider is unreachable; sign-ins retry.
  fastify.addHook('onReady', async () => {
    discovery.configuration().catch((error: unknown) =>
      fastify.log.warn({ err: error, issuer: oidc.issuer }, 'single sign-on: the identity provider cannot be reached yet; sign-ins with it will try again'),
    );
  });

  const fail = (request: FastifyRequest, reply: FastifyReply, reason: string, error?: unknown) => {
    request.log.warn({ err: error, reason }, 'single sign-on failed');
    reply.header('cache-control', 'no-store');
    return reply.redirect(`${SIGN_IN_PAGE}?error=${encodeURIComponent(reason)}`, 303);
  };

  fastify.get<{ Querystring: { returnTo?: string } }>(OIDC_START_PATH, async (request, reply) => {
    let configuration: client.Configuration;
    try {
      configuration = await discovery.configuration();
    } catch (error) {
      return fail(request, reply, AccessErrors.oidcUnavailable, error);
    }
    const flow: Flow = {
      state: client.randomState(),
      nonce: client.randomNonce(),
      verifier: client.randomPKCECodeVerifier(),
      returnTo: safeReturnTo(request.query.returnTo, config.publicUrl),
      expiresAt: Date.now() + FLOW_SECONDS * 1000,
    };
    const url = client.buildAuthorizationUrl(configuration, {
      redirect_uri: redirectUri,
      scope: 'openid email profile',
      code_challenge: await client.calculatePKCECodeChallenge(flow.verifier),
      code_challenge_method: 'S256',
      state: flow.state,
      nonce: flow.nonce,
    });
    reply.header('set-cookie', flowCookie(seal(key, flow), secure, FLOW_SECONDS));
    reply.header('cache-control', 'no-store');
    return reply.redirect(url.href, 303);
  });

  fastify.get(OIDC_CALLBACK_PATH, async (request, reply) => {
    // Whatever happens, this flow is over.
    reply.header('set-cookie', flowCookie('', secure, 0));
    const flow = open(key, readCookie(request.headers.cookie, FLOW_COOKIE), Date.now());
    if (!flow) return fail(request, reply, AccessErrors.oidcFailed, new Error('no sign-in under way in this browser, or it took too long'));
    let configuration: client.Configuration;
    try {
      configuration = await discovery.configuration();
    } catch (error) {
      return fail(request, reply, AccessErrors.oidcUnavailable, error);
    }
    let identity: ProvidedIdentity;
    try {
      const search = request.url.slice(OIDC_CALLBACK_PATH.length);
      const tokens = await client.authorizationCodeGrant(configuration, new URL(`${redirectUri}${search}`), {
        pkceCodeVerifier: flow.verifier,
        expectedState: flow.state,
        expectedNonce: flow.nonce,
        idTokenExpected: true,
      });
      let claims: Record<string, unknown> = { ...tokens.claims()! };
      // Many providers put the email and names in the UserInfo answer only, not in the ID token.
      if (claimText(claims.email) === null) {
        claims = { ...(await client.fetchUserInfo(configuration, tokens.access_token, claims.sub as string)), ...claims };
      }
      identity = {
        issuer: claims.iss as string,
        subject: claims.sub as string,
        email: claimText(claims.email),
        // Some providers send the boolean as a string.
        emailVerified: claims.email_verified === true || claims.email_verified === 'true',
        givenName: claimText(claims.given_name),
        familyName: claimText(claims.family_name),
        name: claimText(claims.name),
        locale: claimText(claims.locale),
      };
    } catch (error) {
      return fail(request, reply, AccessErrors.oidcFailed, error);
    }
    const outcome = await signInWithOidc(depsFor(request, db, config), identity);
    if (!outcome.ok) return fail(request, reply, outcome.error.code, outcome.error.message);
    const session = outcome.value;
    request.log.info({ personId: session.person.id, created: session.created }, 'signed in with single sign-on');
    // Beside the flow cookie's removal above (Fastify adds each set-cookie header).
    reply.header('set-cookie', sessionCookie(session.token, { secure, maxAgeSeconds: Math.round((session.expiresAt.getTime() - Date.now()) / 1000) }));
    reply.header('cache-control', 'no-store');
    return reply.redirect(flow.returnTo, 303);
  });
}

/** What the use case runs with: nobody is signed in yet. */
function depsFor(request: FastifyRequest, db: Db, config: Config): Deps {
  const userAgent = request.headers['user-agent'];
  return {
    db,
    config,
    viewer: null,
    authProblem: null,
    access: new AccessLoader(db, null),
    now: () => new Date(),
    origin: { ip: request.ip ?? null, userAgent: typeof userAgent === 'string' ? userAgent : null },
  };
}
