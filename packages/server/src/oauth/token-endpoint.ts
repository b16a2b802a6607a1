import { randomUUID } from 'node:crypto';
import { ASSERTION_ALGORITHMS, grantScopes, PERMISSIONS, permissionsOf, type OAuthError } from '@chaman/domain';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Config } from '../config.js';
import type { Db } from '../db/database.js';
import { splitJoined } from '../db/sql.js';
import { memoryLimiter, type Limit } from '../shared/rate-limiter.js';
import { authenticateClient } from './client-authentication.js';
import { oauthRepository, type ClientAccountRow } from './oauth.repository.js';
import { signJwt, verifyAccessToken } from './jwt.js';
import type { ServerKeys } from './server-keys.js';
import { createTokenRecorder, type AttemptRecord } from './token-records.js';

export const TOKEN_PATH = '/REST/oauth/v5/token';
export const INTROSPECTION_PATH = '/REST/oauth/v5/introspect';
export const JWKS_PATH = '/.well-known/jwks.json';
export const METADATA_PATH = '/.well-known/oauth-authorization-server';

type AccountRow = ClientAccountRow;

class OAuthFailure extends Error {
  constructor(
    readonly oauth: OAuthError,
    readonly account: AccountRow | null = null,
    readonly certificateId: string | null = null,
  ) {
    super(oauth.description);
  }
}
function refuse(error: OAuthError['error'], description: string, account: AccountRow | null = null, certificateId: string | null = null): never {
  throw new OAuthFailure({ error, description }, account, certificateId);
}

export interface OAuthOptions {
  db: Db;
  config: Config;
  keys: ServerKeys;
}

/** POST /REST/oauth/v5/token, introspection, RFC 8414 metadata and the JWKS. */
export function registerOAuth(fastify: FastifyInstance, { db, config, keys }: OAuthOptions): () => void {
  const tokenUrl = `${config.publicUrl}${TOKEN_PATH}`;
  const issuer = config.publicUrl;
  const audiences = [tokenUrl, issuer];

  // Form bodies (the token endpoint is form-encoded); repeated parameters are refused later.
  fastify.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 64 * 1024 }, (_req, body, done) => {
    done(null, new URLSearchParams(body as string));
  });

  // Each instance counts its own token requests: a database write per request would cost more than the request.
  const limiter = memoryLimiter();
  const perIp: Limit = { max: config.tokenRateLimits.perIp, windowMs: 60_000 };
  const perClient: Limit = { max: config.tokenRateLimits.perClient, windowMs: 60_000 };
  /** Seconds until the key's window ends when this hit is over its limit, else null. */
  function overLimit(key: string, limit: Limit): number | null {
    const now = Date.now();
    const count = limiter.hitNow(key, limit, now);
    return count.count > limit.max ? Math.ceil((count.resetAt - now) / 1000) : null;
  }

  function formOf(request: FastifyRequest): Map<string, string> {
    if (!(request.body instanceof URLSearchParams)) {
      refuse('invalid_request', 'the request body must be application/x-www-form-urlencoded');
    }
    const params = request.body as URLSearchParams;
    const form = new Map<string, string>();
    for (const [k, v] of params) {
      if (form.has(k)) refuse('invalid_request', `parameter ${k} is repeated; each parameter may appear once`);
      form.set(k, v);
    }
    return form;
  }

  const authentication = { db, audiences };
  async function authenticate(form: Map<string, string>) {
    const auth = await authenticateClient(authentication, form, new Date());
    if (!auth.ok) throw new OAuthFailure(auth.error.oauth, auth.error.account, auth.error.certificateId);
    return auth.value;
  }

  const recordToken = createTokenRecorder(db);
  const attemptOf = (account: AccountRow | null, outcome: string, reason: string, certificateId: string | null, ip: string): AttemptRecord | null =>
    account ? { accountId: account.id, clientId: account.client_id, outcome, reason, certificateId, ip } : null;

  function sendError(reply: FastifyReply, e: OAuthError) {
    return reply
      .code(e.error === 'invalid_client' ? 401 : 400)
      .header('cache-control', 'no-store')
      .header('pragma', 'no-cache')
      .send({ error: e.error, error_description: e.description });
  }

  fastify.post(TOKEN_PATH, async (request, reply) => {
    const ipWait = overLimit(`ip:${request.ip}`, perIp);
    if (ipWait) return reply.code(429).header('retry-after', String(ipWait)).send({ error: 'slow_down', error_description: `too many token requests from ${request.ip}; retry in ${ipWait} s` });
    let account: AccountRow | null = null;
    let certificateId: string | null = null;
    try {
      const form = formOf(request);
      const grantType = form.get('grant_type');
      if (grantType === undefined) refuse('invalid_request', 'grant_type is required: client_credentials');
      if (grantType !== 'client_credentials') refuse('unsupported_grant_type', `grant_type must be client_credentials; got ${JSON.stringify(grantType.slice(0, 100))}`);
      const auth = await authenticate(form);
      account = auth.account;
      certificateId = auth.certificate.id;
      const clientWait = overLimit(`client:${account.client_id}`, perClient);
      if (clientWait) return reply.code(429).header('retry-after', String(clientWait)).send({ error: 'slow_down', error_description: `too many token requests for ${account.client_id}; retry in ${clientWait} s` });
      const granted = permissionsOf(splitJoined(account.permission_codes)).map((permission) => permission.scope).sort();
      const scopes = grantScopes(form.get('scope'), granted);
      if ('error' in scopes) throw new OAuthFailure(scopes, account, certificateId);
      const replay = `jti ${JSON.stringify(auth.jti.jti)} was already used; each assertion is single-use`;
      const outcome = await recordToken({
        jti: auth.jti,
        attempt: attemptOf(account, 'granted', `certificate "${auth.certificate.name}"`, certificateId, request.ip),
        onReplay: attemptOf(account, 'invalid_client', replay, certificateId, request.ip),
      });
      if (outcome === 'replayed') {
        request.log.info({ clientId: account.client_id, error: 'invalid_client', reason: replay }, 'token refused');
        return sendError(reply, { error: 'invalid_client', description: replay });
      }
      const key = await keys.signingKey();
      const iat = Math.floor(Date.now() / 1000);
      const accessToken = signJwt(key, { typ: 'at+jwt' }, {
        iss: issuer,
        sub: account.client_id,
        client_id: account.client_id,
        aud: issuer,
        scope: scopes.scopes.join(' '),
        iat,
        exp: iat + config.tokenLifetimeSeconds,
        jti: randomUUID(),
        enterprise_number: account.enterprise_number,
      });
      return reply
        .header('cache-control', 'no-store')
        .header('pragma', 'no-cache')
        .send({ access_token: accessToken, token_type: 'Bearer', expires_in: config.tokenLifetimeSeconds, scope: scopes.scopes.join(' ') });
    } catch (error) {
      if (!(error instanceof OAuthFailure)) throw error;
      const failedAccount = error.account ?? account;
      await recordToken({ attempt: attemptOf(failedAccount, error.oauth.error, error.oauth.description, error.certificateId ?? certificateId, request.ip) }).catch((e) =>
        request.log.error({ err: e }, 'could not record a token attempt'),
      );
      request.log.info({ clientId: failedAccount?.client_id, error: error.oauth.error, reason: error.oauth.description }, 'token refused');
      return sendError(reply, error.oauth);
    }
  });

  fastify.post(INTROSPECTION_PATH, async (request, reply) => {
    try {
      const form = formOf(request);
      const auth = await authenticate(form);
      const outcome = await recordToken({
        jti: auth.jti,
        attempt: attemptOf(auth.account, 'introspection', 'token introspection', auth.certificate.id, request.ip),
      });
      if (outcome === 'replayed') refuse('invalid_client', `jti ${JSON.stringify(auth.jti.jti)} was already used`);
      const token = form.get('token');
      if (!token) refuse('invalid_request', 'token is required');
      const claims = await verifyAccessToken(token, keys, new Date());
      if (!claims) return reply.header('cache-control', 'no-store').send({ active: false });
      if ((await oauthRepository.clientStatus(db, String(claims.client_id))) !== 'ACTIVE') return reply.header('cache-control', 'no-store').send({ active: false });
      return reply.header('cache-control', 'no-store').send({ active: true, token_type: 'Bearer', ...claims });
    } catch (error) {
      if (!(error instanceof OAuthFailure)) throw error;
      return sendError(reply, error.oauth);
    }
  });

  fastify.get(JWKS_PATH, async (_request, reply) => reply.header('cache-control', 'public, max-age=300').send(await keys.jwks()));

  fastify.get(METADATA_PATH, async (_request, reply) =>
    reply.header('cache-control', 'public, max-age=300').send({
      issuer,
      token_endpoint: tokenUrl,
      jwks_uri: `${issuer}${JWKS_PATH}`,
      introspection_endpoint: `${issuer}${INTROSPECTION_PATH}`,
      grant_types_supported: ['client_credentials'],
      token_endpoint_auth_methods_supported: ['private_key_jwt'],
      token_endpoint_auth_signing_alg_values_supported: [...ASSERTION_ALGORITHMS],
      introspection_endpoint_auth_methods_supported: ['private_key_jwt'],
      introspection_endpoint_auth_signing_alg_values_supported: [...ASSERTION_ALGORITHMS],
      scopes_supported: PERMISSIONS.map((perm) => perm.scope),
      response_types_supported: [],
    }),
  );

  // The replay store and the attempt history stay bounded: expired jtis and old attempts go.
  const purge = setInterval(() => {
    void db.transact((tx) => oauthRepository.purge(tx, Date.now(), Date.now() - 30 * 86_400_000)).catch((error) => fastify.log.warn({ err: error }, 'purging the replay store failed'));
  }, 60_000);
  purge.unref();
  return () => clearInterval(purge);
}
