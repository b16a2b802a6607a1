import type { FastifyRequest } from 'fastify';
import { readCookie, SESSION_COOKIE } from './cookies.js';

/** The secret a request carries: `Authorization: Bearer`, else the session cookie. */
export function presentedSecret(request: FastifyRequest): string | null {
  const auth = request.headers.authorization;
  if (auth) {
    const m = /^Bearer\s+(\S+)$/i.exec(auth);
    return m ? m[1]! : null;
  }
  return readCookie(request.headers.cookie, SESSION_COOKIE);
}
