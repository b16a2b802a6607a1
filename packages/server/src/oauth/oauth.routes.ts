import { ASSERTION_ALGORITHMS, PERMISSIONS, type OAuthError } from '@chaman/domain';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Config } from '../config.js';
import type { Db } from '../db/database.js';
import type { Metrics } from '../metrics/metrics.js';
import type { ServerKeys } from './server-keys.js';
import { purgeTokenRecords } from './token-records.js';
import { createTokenDeps, introspectToken, requestToken } from './token.use-cases.js';

export const TOKEN_PATH = '/REST/oauth/v5/token';
export const INTROSPECTION_PATH = '/REST/oauth/v5/introspect';
export const JWKS_PATH = '/.well-known/jwks.json';
export const METADATA_PATH = '/.well-known/oauth-authorization-server';

export interface OAuthOptions {
  db: Db;
  config: Config;
  keys: ServerKeys;
  /** Null when metrics are not served. */
  metrics: Metrics | null;
  /** Told of each refused token request recorded on an account. */
  onRefused?: (accountId: string) => void;
}

/** RFC 6749 5.2: 401 for a client that failed to authenticate, 400 for the rest; never cached. */
function sendError(reply: FastifyReply, e: OAuthError) {
  return reply
    .code(e.error === 'invalid_client' ? 401 : 400)
    .header('cache-control', 'no-store')
    .header('pragma', 'no-cache')
    .send({ error: e.error, error_description: e.description });
}

/** The parameters of a form-encoded body; null for any other body. */
const paramsOf = (request: FastifyRequest) => (request.body instanceof URLSearchParams ? request.body : null);

/** POST /REST/oauth/v5/token, introspection, RFC 8414 metadata and the JWKS. */
export function registerOAuth(fastify: FastifyInstance, { db, config, keys, metrics, onRefused }: OAuthOptions): () => void {
  const issuer = config.publicUrl;
  const tokenUrl = `${issuer}${TOKEN_PATH}`;
  const deps = createTokenDeps({ db, config, keys, tokenUrl, ...(onRefused ? { onRefused } : {}) });

  // Form bodies (the token endpoint is form-encoded); repeated parameters are refused by the use cases.
  fastify.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 64 * 1024 }, (_req, body, done) => {
    done(null, new URLSearchParams(body as string));
  });

  fastify.post(TOKEN_PATH, async (request, reply) => {
    const outcome = await requestToken(deps, { params: paramsOf(request), ip: request.ip, now: new Date() });
    if (outcome.ok) {
      metrics?.countTokenRequest('granted');
      const { accessToken, expiresIn, scope } = outcome.value;
      return reply
        .header('cache-control', 'no-store')
        .header('pragma', 'no-cache')
        .send({ access_token: accessToken, token_type: 'Bearer', expires_in: expiresIn, scope });
    }
    const refusal = outcome.error;
    metrics?.countTokenRequest(refusal.kind === 'slow-down' ? 'slow_down' : refusal.oauth.error);
    if (refusal.kind === 'slow-down') {
      return reply.code(429).header('retry-after', String(refusal.retryAfterSeconds)).send({ error: 'slow_down', error_description: refusal.description });
    }
    if (refusal.recordingFailure !== undefined) request.log.error({ err: refusal.recordingFailure }, 'could not record a token attempt');
    request.log.info({ clientId: refusal.account?.client_id, error: refusal.oauth.error, reason: refusal.oauth.description }, 'token refused');
    return sendError(reply, refusal.oauth);
  });

  fastify.post(INTROSPECTION_PATH, async (request, reply) => {
    const outcome = await introspectToken(deps, { params: paramsOf(request), ip: request.ip, now: new Date() });
    if (!outcome.ok) return sendError(reply, outcome.error);
    return reply.header('cache-control', 'no-store').send(outcome.value);
  });

  fastify.get(JWKS_PATH, async (_request, reply) => reply.header('cache-control', 'public, max-age=300').send(await keys.jwks()));

  const metadata = {
    issuer,
    token_endpoint: tokenUrl,
    jwks_uri: `${issuer}${JWKS_PATH}`,
    introspection_endpoint: `${issuer}${INTROSPECTION_PATH}`,
    grant_types_supported: ['client_credentials'],
    token_endpoint_auth_methods_supported: ['private_key_jwt'],
    token_endpoint_auth_signing_alg_values_supported: [...ASSERTION_ALGORITHMS],
    introspection_endpoint_auth_methods_supported: ['private_key_jwt'],
    introspection_endpoint_auth_signing_alg_values_supported: [...ASSERTION_ALGORITHMS],
    scopes_supported: PERMISSIONS.map((permission) => permission.scope),
    response_types_supported: [],
  };
  fastify.get(METADATA_PATH, async (_request, reply) => reply.header('cache-control', 'public, max-age=300').send(metadata));

  const purge = setInterval(() => {
    void purgeTokenRecords(db, Date.now()).catch((error) => fastify.log.warn({ err: error }, 'purging the replay store failed'));
  }, 60_000);
  purge.unref();
  return () => clearInterval(purge);
}
