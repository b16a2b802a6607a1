// What the benchmark sends: the integrator's read, the admin UI's first query and token requests.
import { createPrivateKey, randomUUID, sign } from 'node:crypto';

/** The integrator read: a page of 50 REST accounts with their certificates and permissions. */
export const READ = `query Read($id: ID!, $first: Int) { company(id: $id) { restAccounts(first: $first) {
  nodes { clientId name health permissions { code } certificates { name notAfter } } pageInfo { hasNextPage endCursor } } } }`;

/** The UI start: who am I, and in which companies. */
export const ME = '{ me { email memberships { company { id name } roles } } }';

/**
 * `count` token request bodies, each with a fresh single-use client assertion (RS256, signed with
 * `keyPem`) for one of `clientIds` in turn, made ahead of time so that the load measures the server.
 */
export function tokenRequestBodies(keyPem: string, clientIds: string[], tokenUrl: string, count: number): string[] {
  const key = createPrivateKey(keyPem);
  const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
  const now = Math.floor(Date.now() / 1000);
  const bodies: string[] = [];
  for (let i = 0; i < count; i++) {
    const clientId = clientIds[i % clientIds.length]!;
    const input = `${b64({ alg: 'RS256' })}.${b64({ iss: clientId, sub: clientId, aud: tokenUrl, iat: now, exp: now + 1800, jti: randomUUID() })}`;
    const jwt = `${input}.${sign('sha256', Buffer.from(input), key).toString('base64url')}`;
    bodies.push(new URLSearchParams({ grant_type: 'client_credentials', client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer', client_assertion: jwt }).toString());
  }
  return bodies;
}
