import { sql } from '../../src/db/sql.js';
import { newestMailText } from './databases.js';
import type { TestServer } from './server.js';

export const PASSWORD = 'correct horse battery staple';

/** A valid enterprise number for a sequence number: 0 + 7 digits of n + its mod-97 check. */
export function enterpriseNumber(n: number): string {
  const body = `0${String(n).padStart(7, '0')}`;
  return body + String(97 - (Number(body) % 97)).padStart(2, '0');
}

export interface Caller {
  token: string;
  id: string;
  email: string;
  /** Runs a GraphQL operation as this person and returns data, or throws with the errors. */
  q<T = any>(query: string, variables?: Record<string, unknown>): Promise<T>;
  /** Runs it and returns the first error's code and message (fails if it succeeded). */
  fails(query: string, variables?: Record<string, unknown>): Promise<{ code: string | undefined; message: string; extensions: Record<string, unknown> }>;
}

export function callerFor(server: Pick<TestServer, 'graphql'>, token: string, id: string, email: string): Caller {
  const headers = { authorization: `Bearer ${token}` };
  return {
    token,
    id,
    email,
    async q(query, variables) {
      const r = await server.graphql(query, variables, headers);
      if (r.body.errors) throw new Error(`${JSON.stringify(r.body.errors)}`);
      return r.body.data as never;
    },
    async fails(query, variables) {
      const r = await server.graphql(query, variables, headers);
      const e = r.body.errors?.[0];
      if (!e) throw new Error(`expected an error, got ${JSON.stringify(r.body.data)}`);
      return { code: e.extensions?.code, message: e.message, extensions: e.extensions ?? {} };
    },
  };
}

/** What the helpers need of a server: GraphQL, and its database to read mails from (in process when it is). */
type Reachable = Pick<TestServer, 'graphql' | 'db'> & { app?: TestServer['app'] };

/**
 * The token of the newest link of `kind` mailed to `email` (verification: /verify-email?token=...,
 * passwordReset: /reset-password?token=...), as its recipient reads it in the mail's text. Test
 * plumbing: the outbox row is read from the database instead of an SMTP server.
 */
export async function mailedToken(server: Reachable, email: string, kind: 'verification' | 'passwordReset'): Promise<string> {
  const recipient = email.toLowerCase();
  const text = server.app
    ? ((await server.app.db.one<{ text_body: string }>(sql`SELECT text_body FROM mail_outbox WHERE recipient = ${recipient} AND kind = ${kind} ORDER BY created_at DESC, id DESC`))?.text_body ?? null)
    : await newestMailText(server.db, recipient, kind);
  const token = text?.match(/\/(?:verify-email|reset-password)\?token=([A-Za-z0-9_%-]+)/)?.[1];
  if (!token) throw new Error(`no ${kind} mail to ${recipient}`);
  return decodeURIComponent(token);
}

/** Proves `email` as its owner does: follows the link of the newest verification mail (verifyEmail, signed out). */
export async function proveEmail(server: Reachable, email: string): Promise<void> {
  const token = await mailedToken(server, email, 'verification');
  const r = await server.graphql(`mutation($token: String!) { verifyEmail(token: $token) { id } }`, { token });
  if (!r.body.data) throw new Error(JSON.stringify(r.body.errors));
}

/**
 * Signs up and, unless told not to, proves the email through the mailed link, as people do before
 * the roles appointed to their email become theirs.
 */
export async function signUp(server: Reachable, email: string, firstName = 'Ann', lastName = 'Peeters', options: { prove?: boolean } = {}): Promise<Caller> {
  const r = await server.graphql<{ signUp: { token: string; person: { id: string } } }>(
    `mutation($input: SignUpInput!) { signUp(input: $input) { token person { id } } }`,
    { input: { email, password: PASSWORD, firstName, lastName } },
  );
  if (!r.body.data) throw new Error(JSON.stringify(r.body.errors));
  if (options.prove ?? true) await proveEmail(server, email);
  return callerFor(server, r.body.data.signUp.token, r.body.data.signUp.person.id, email.toLowerCase());
}

export async function registerEmployer(caller: Caller, n: number, name = `Company ${n}`): Promise<string> {
  const d = await caller.q<{ registerEmployer: { id: string } }>(
    `mutation($input: RegisterEmployerInput!) { registerEmployer(input: $input) { id } }`,
    { input: { enterpriseNumber: enterpriseNumber(n), name } },
  );
  return d.registerEmployer.id;
}

export const APPOINT = (mutation: string) =>
  `mutation($companyId: ID!, $email: String!) { ${mutation}(input: { companyId: $companyId, email: $email }) { id role email status } }`;
