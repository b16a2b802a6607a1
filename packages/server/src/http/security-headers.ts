import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';
import helmet, { type HelmetOptions } from 'helmet';
import type { Config } from '../config.js';

/**
 * Content-Security-Policy for the admin UI and the playground: everything from this origin only.
 * Styles allow inline because the component library and the playground's editor inject <style>.
 */
const CONTENT_SECURITY_POLICY = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'", "'unsafe-inline'"],
  imgSrc: ["'self'", 'data:', 'blob:'],
  fontSrc: ["'self'", 'data:'],
  workerSrc: ["'self'", 'blob:'],
  connectSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'self'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
};

/**
 * Helmet's headers, worked out once. (@fastify/helmet builds helmet's middleware, and parses the
 * CSP, again on every request: about 2% of a GraphQL read.)
 */
function securityHeaders(options: HelmetOptions): [string, string][] {
  const headers = new Map<string, string>();
  const collect = {
    setHeader: (name: string, value: unknown) => headers.set(name.toLowerCase(), String(value)),
    removeHeader: (name: string) => headers.delete(name.toLowerCase()),
  };
  helmet(options)({} as IncomingMessage, collect as unknown as ServerResponse, () => {});
  return [...headers];
}

/** Sends helmet's security headers, with our Content-Security-Policy, on every response. */
export function registerSecurityHeaders(fastify: FastifyInstance, config: Config): void {
  const headers = securityHeaders({
    contentSecurityPolicy: { directives: CONTENT_SECURITY_POLICY },
    // HSTS only means something behind https.
    strictTransportSecurity: config.publicUrl.startsWith('https:') ? { maxAge: 31_536_000 } : false,
  });
  fastify.addHook('onRequest', (_request, reply, done) => {
    for (const [name, value] of headers) reply.raw.setHeader(name, value);
    reply.raw.removeHeader('x-powered-by');
    done();
  });
}
