import type { ParsedMail } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashSecret } from '../src/access/secrets.js';
import { sql } from '../src/db/sql.js';
import { databaseKinds } from './support/databases.js';
import { APPOINT, callerFor, PASSWORD, registerEmployer, signUp, type Caller } from './support/people.js';
import { startTestServer, type TestServer } from './support/server.js';
import { startSmtpSink, type SmtpSink } from './support/smtp.js';

// Trustworthy people: an email counts as someone's only once they have read a mail sent to it.
// Every mail here is read where its recipient reads it: at a real SMTP server.

const SIGN_UP = `mutation($input: SignUpInput!) { signUp(input: $input) { token person { id emailVerified memberships { company { id } roles } } } }`;
const SIGN_IN = `mutation($input: SignInInput!) { signIn(input: $input) { token } }`;
const VERIFY = `mutation($token: String!) { verifyEmail(token: $token) { id email emailVerified memberships { company { id } roles } } }`;
const RESEND = `mutation { resendVerification }`;
const REQUEST_RESET = `mutation($email: String!) { requestPasswordReset(email: $email) }`;
const RESET = `mutation($input: ResetPasswordInput!) { resetPassword(input: $input) { token person { id emailVerified memberships { company { id } roles } } } }`;
const ME = `{ me { id emailVerified memberships { company { id } roles } } }`;
const NEW_PASSWORD = 'a new and rather long passphrase';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let nextNumber = 700;

describe.each(databaseKinds)('email proofs and password resets on %s', (kind) => {
  let sink: SmtpSink;
  let server: TestServer;
  beforeAll(async () => {
    sink = await startSmtpSink();
    server = await startTestServer(kind, { SMTP_URL: sink.url, RATE_LIMIT_SIGN_UP_PER_IP: '1000', RATE_LIMIT_SIGN_IN_PER_IP: '1000' });
  });
  afterAll(async () => {
    await server?.stop();
    await sink?.close();
  });

  /** Signs up without following any link (the test decides what happens to the mail). */
  async function signUpOnly(email: string): Promise<Caller & { answer: { emailVerified: boolean; memberships: unknown[] } }> {
    const r = await server.graphql<{ signUp: { token: string; person: { id: string; emailVerified: boolean; memberships: unknown[] } } }>(SIGN_UP, {
      input: { email, password: PASSWORD, firstName: 'Ann', lastName: 'Peeters' },
    });
    if (!r.body.data) throw new Error(JSON.stringify(r.body.errors));
    return { ...callerFor(server, r.body.data.signUp.token, r.body.data.signUp.person.id, email), answer: r.body.data.signUp.person };
  }

  /** The mails to `address` whose text links to `path`, once there are `count` of them. */
  async function mailsTo(address: string, path: '/verify-email' | '/reset-password', count = 1): Promise<ParsedMail[]> {
    const deadline = Date.now() + 10_000;
    for (;;) {
      const found = sink.mails.filter((m) => (m.to as { text: string } | undefined)?.text === address && String(m.text).includes(`${server.url}${path}?token=`));
      if (found.length >= count || Date.now() > deadline) return found;
      await sleep(50);
    }
  }

  /** The token of a mailed link, as the page it opens reads it. */
  const tokenIn = (mail: ParsedMail) => new URL(String(mail.text).match(/(http\S+\?token=\S+)/)![1]!).searchParams.get('token')!;

  async function chiefOf(label: string): Promise<{ chief: Caller; companyId: string }> {
    const n = nextNumber++;
    const chief = await signUp(server, `chief-${label}-${n}@example.be`);
    const companyId = await registerEmployer(chief, n, `${label} ${n}`);
    await chief.q(APPOINT('appointChiefAccessManager'), { companyId, email: chief.email });
    return { chief, companyId };
  }

  it('refuses the attack: a role appointed to an address is not given to whoever signed up with it, before or after the appointment', async () => {
    const { chief, companyId } = await chiefOf('Victim');
    // Mallory signs up first with the address the victim company will appoint.
    const early = `new.chief-${kind}@victim.example`;
    const mallory = await signUpOnly(early);
    const appointed = (await chief.q(APPOINT('appointChiefAccessManager'), { companyId, email: early })).appointChiefAccessManager;
    expect(appointed.status).toBe('PENDING');
    expect((await mallory.q(ME)).me).toMatchObject({ emailVerified: false, memberships: [] });
    expect((await mallory.q(`query($id: ID!) { company(id: $id) { id } }`, { id: companyId })).company).toBeNull();

    // ... or after the appointment: the sign-up gives nothing either.
    const late = `later.chief-${kind}@victim.example`;
    await chief.q(APPOINT('appointAccessManager'), { companyId, email: late });
    const latecomer = await signUpOnly(late);
    expect(latecomer.answer).toMatchObject({ emailVerified: false, memberships: [] });
    expect((await latecomer.q(ME)).me.memberships).toEqual([]);

    // The address's owner never signed up, but can take the account over with a reset: Mallory's
    // session ends, and the role is the owner's.
    expect((await server.graphql(REQUEST_RESET, { email: early })).body.data).toEqual({ requestPasswordReset: true });
    const [resetMail] = await mailsTo(early, '/reset-password');
    const owner = await server.graphql<{ resetPassword: { token: string; person: { id: string; emailVerified: boolean; memberships: unknown[] } } }>(RESET, {
      input: { token: tokenIn(resetMail!), password: NEW_PASSWORD },
    });
    expect(owner.body.data!.resetPassword.person).toEqual({ id: mallory.id, emailVerified: true, memberships: [{ company: { id: companyId }, roles: ['CHIEF_ACCESS_MANAGER'] }] });
    expect((await mallory.fails(RESEND)).extensions).toMatchObject({ code: 'UNAUTHENTICATED', reason: 'access/session-revoked' });
  });

  it('appointing yourself needs no proof; appointing a proven person is ACTIVE at once', async () => {
    const n = nextNumber++;
    const legal = await signUpOnly(`legal-${kind}-${n}@example.be`);
    const companyId = await registerEmployer(legal, n, `Self ${n}`);
    const self = (await legal.q(APPOINT('appointChiefAccessManager'), { companyId, email: legal.email })).appointChiefAccessManager;
    expect(self.status).toBe('ACTIVE');
    expect((await legal.q(ME)).me.emailVerified).toBe(false);
    const proven = await signUp(server, `proven-${kind}-${n}@example.be`);
    expect((await legal.q(APPOINT('grantChamanAccess'), { companyId, email: proven.email })).grantChamanAccess.status).toBe('ACTIVE');
  });

  it('proves an email with the mailed link, signed in or not, once; an expired or unknown link is refused with its cause', async () => {
    const { chief, companyId } = await chiefOf('Proof');
    const email = `proof-${kind}@example.be`;
    await chief.q(APPOINT('grantChamanAccess'), { companyId, email });
    const person = await signUpOnly(email);
    const [mail] = await mailsTo(email, '/verify-email');
    expect(mail!.subject).toBe('Confirm your email address for Chaman');
    const token = tokenIn(mail!);

    // Signed in as the person.
    const proven = await person.q(VERIFY, { token });
    expect(proven.verifyEmail).toEqual({ id: person.id, email, emailVerified: true, memberships: [{ company: { id: companyId }, roles: ['CHAMAN'] }] });
    expect((await person.q(ME)).me).toMatchObject({ emailVerified: true, memberships: [{ company: { id: companyId }, roles: ['CHAMAN'] }] });
    const roles = (await chief.q(`query($id: ID!) { company(id: $id) { roleAssignments(first: 10) { nodes { email status } } } }`, { id: companyId })).company.roleAssignments.nodes;
    expect(roles).toContainEqual({ email, status: 'ACTIVE' });

    // Single use.
    const again = await server.graphql(VERIFY, { token });
    expect(again.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'access/verification-token-invalid', params: { cause: 'used' } });
    const unknown = await server.graphql(VERIFY, { token: 'chv_not-a-token' });
    expect(unknown.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'access/verification-token-invalid', params: { cause: 'unknown' } });
    // Proven already: nothing to resend.
    expect(await person.q(RESEND)).toEqual({ resendVerification: false });

    // Signed out, with the newer of two links; the older one has expired.
    const other = await signUpOnly(`proof-out-${kind}@example.be`);
    expect(await other.q(RESEND)).toEqual({ resendVerification: true });
    const [first, second] = await mailsTo(other.email, '/verify-email', 2);
    await server.app.db.transact((tx) => tx.run(sql`UPDATE email_token SET expires_at = ${Date.now() - 1} WHERE secret_hash = ${hashSecret(tokenIn(first!))}`));
    const expired = await server.graphql(VERIFY, { token: tokenIn(first!) });
    expect(expired.body.errors?.[0]?.extensions).toMatchObject({ reason: 'access/verification-token-invalid', params: { cause: 'expired' } });
    const signedOut = await server.graphql<{ verifyEmail: { id: string; emailVerified: boolean } }>(VERIFY, { token: tokenIn(second!) });
    expect(signedOut.body.data?.verifyEmail).toMatchObject({ id: other.id, emailVerified: true });
    expect((await other.q(ME)).me.emailVerified).toBe(true);
  });

  it('resends the link at most 5 times an hour per person', async () => {
    const person = await signUpOnly(`resend-${kind}@example.be`);
    for (let i = 0; i < 5; i++) expect(await person.q(RESEND)).toEqual({ resendVerification: true });
    const refused = await person.fails(RESEND);
    expect(refused.code).toBe('RATE_LIMITED');
    expect(refused.extensions).toMatchObject({ reason: 'rate-limit/exceeded', params: { retryAfterSeconds: expect.any(Number) } });
    expect(await mailsTo(person.email, '/verify-email', 6)).toHaveLength(6);
    expect((await server.graphql(RESEND)).body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('keeps the roles of people from before proofs, and mails them a link at sign-in when none is in force', async () => {
    const { chief, companyId } = await chiefOf('Legacy');
    const email = `legacy-${kind}@example.be`;
    const person = await signUp(server, email);
    await chief.q(APPOINT('grantChamanAccess'), { companyId, email });
    // As the people who signed up before emails were proven: an ACTIVE role, an unproven email, no link in force.
    await server.app.db.transact(async (tx) => {
      await tx.run(sql`UPDATE person SET email_verified_at = NULL WHERE id = ${person.id}`);
      await tx.run(sql`UPDATE email_token SET expires_at = ${Date.now() - 1} WHERE person_id = ${person.id}`);
    });
    const before = (await mailsTo(email, '/verify-email')).length;
    const signedIn = await server.graphql<{ signIn: { token: string } }>(SIGN_IN, { input: { email, password: PASSWORD } });
    const again = callerFor(server, signedIn.body.data!.signIn.token, person.id, email);
    expect((await again.q(ME)).me).toMatchObject({ emailVerified: false, memberships: [{ company: { id: companyId }, roles: ['CHAMAN'] }] });
    const mails = await mailsTo(email, '/verify-email', before + 1);
    expect(mails).toHaveLength(before + 1);
    // A second sign-in while that link is in force mails nothing more.
    await server.graphql(SIGN_IN, { input: { email, password: PASSWORD } });
    await sleep(500);
    expect(await mailsTo(email, '/verify-email')).toHaveLength(before + 1);
    expect((await again.q(VERIFY, { token: tokenIn(mails.at(-1)!) })).verifyEmail.emailVerified).toBe(true);
  });

  it('resets a password with the mailed link: other sessions and personal tokens end, the email is proven, the person signed in; once only', async () => {
    const { chief, companyId } = await chiefOf('Reset');
    const email = `forgetful-${kind}@example.be`;
    const person = await signUpOnly(email);
    await chief.q(APPOINT('grantChamanAccess'), { companyId, email });
    const secondSession = (await server.graphql<{ signIn: { token: string } }>(SIGN_IN, { input: { email, password: PASSWORD } })).body.data!.signIn.token;
    const personal = (await person.q(`mutation { createAccessToken(input: { name: "script", expiresInDays: 30 }) { secret } }`)).createAccessToken.secret as string;

    expect((await server.graphql(REQUEST_RESET, { email: email.toUpperCase() })).body.data).toEqual({ requestPasswordReset: true });
    const [mail] = await mailsTo(email, '/reset-password');
    expect(mail!.subject).toBe('Reset your Chaman password');
    const token = tokenIn(mail!);
    const weak = await server.graphql(RESET, { input: { token, password: 'short' } });
    expect(weak.body.errors?.[0]?.extensions).toMatchObject({ reason: 'access/password-too-short' });

    const reset = await server.graphql<{ resetPassword: { token: string; person: { id: string; emailVerified: boolean; memberships: unknown[] } } }>(RESET, {
      input: { token, password: NEW_PASSWORD },
    });
    expect(reset.body.errors).toBeUndefined();
    expect(reset.body.data!.resetPassword.person).toEqual({ id: person.id, emailVerified: true, memberships: [{ company: { id: companyId }, roles: ['CHAMAN'] }] });
    expect(reset.response.headers.get('set-cookie')).toMatch(/chaman_session=chs_/);

    // Every other session and every personal access token has ended.
    for (const old of [person.token, secondSession, personal]) {
      const r = await server.graphql(RESEND, {}, { authorization: `Bearer ${old}` });
      expect(r.body.errors?.[0]?.extensions).toMatchObject({ code: 'UNAUTHENTICATED', reason: 'access/session-revoked' });
    }
    const fresh = callerFor(server, reset.body.data!.resetPassword.token, person.id, email);
    expect((await fresh.q(ME)).me).toMatchObject({ id: person.id, emailVerified: true });
    expect((await server.graphql(SIGN_IN, { input: { email, password: PASSWORD } })).body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect((await server.graphql(SIGN_IN, { input: { email, password: NEW_PASSWORD } })).body.data).toBeTruthy();

    const reused = await server.graphql(RESET, { input: { token, password: 'yet another long passphrase' } });
    expect(reused.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'access/reset-token-invalid', params: { cause: 'used' } });
    const events = await server.app.db.all<{ kind: string }>(sql`SELECT kind FROM person_event WHERE person_id = ${person.id} AND kind = 'password-reset'`);
    expect(events).toHaveLength(1);

    // A link left unused for more than an hour has expired.
    await server.graphql(REQUEST_RESET, { email });
    const [, later] = await mailsTo(email, '/reset-password', 2);
    await server.app.db.transact((tx) => tx.run(sql`UPDATE email_token SET expires_at = ${Date.now() - 1} WHERE secret_hash = ${hashSecret(tokenIn(later!))}`));
    const expired = await server.graphql(RESET, { input: { token: tokenIn(later!), password: 'yet another long passphrase' } });
    expect(expired.body.errors?.[0]?.extensions).toMatchObject({ reason: 'access/reset-token-invalid', params: { cause: 'expired' } });
  });

  it('answers true for an unknown email and mails nothing; at most 5 an hour per email, known or not', async () => {
    const unknown = `nobody-${kind}@example.be`;
    for (let i = 0; i < 5; i++) expect((await server.graphql(REQUEST_RESET, { email: unknown })).body.data).toEqual({ requestPasswordReset: true });
    const limited = await server.graphql(REQUEST_RESET, { email: unknown });
    expect(limited.body.errors?.[0]?.extensions).toMatchObject({ code: 'RATE_LIMITED', reason: 'rate-limit/exceeded' });
    expect((await server.graphql(REQUEST_RESET, { email: 'not an email' })).body.data).toEqual({ requestPasswordReset: true });
    const known = await signUpOnly(`limited-${kind}@example.be`);
    for (let i = 0; i < 5; i++) await server.graphql(REQUEST_RESET, { email: known.email });
    expect((await server.graphql(REQUEST_RESET, { email: known.email })).body.errors?.[0]?.extensions?.code).toBe('RATE_LIMITED');
    expect(await mailsTo(known.email, '/reset-password', 5)).toHaveLength(5);
    await sleep(500);
    expect(sink.mails.filter((m) => (m.to as { text: string }).text === unknown)).toEqual([]);
    expect(await server.app.db.all(sql`SELECT id FROM mail_outbox WHERE recipient = ${unknown}`)).toEqual([]);
  });
});

describe('requestPasswordReset from one network', () => {
  it('is limited to 30 an hour per client IP, whatever the emails', async () => {
    const server = await startTestServer('sqlite');
    try {
      for (let i = 0; i < 30; i++) expect((await server.graphql(REQUEST_RESET, { email: `someone-${i}@example.be` })).body.data).toEqual({ requestPasswordReset: true });
      const limited = await server.graphql(REQUEST_RESET, { email: 'one-more@example.be' });
      expect(limited.body.errors?.[0]?.extensions).toMatchObject({ code: 'RATE_LIMITED', reason: 'rate-limit/exceeded' });
    } finally {
      await server.stop();
    }
  });
});
