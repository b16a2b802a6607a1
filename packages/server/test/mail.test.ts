import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ParsedMail } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from '../src/db/sql.js';
import { createTestDatabase, databaseKinds } from './support/databases.js';
import { APPOINT, callerFor, enterpriseNumber, PASSWORD, registerEmployer, type Caller } from './support/people.js';
import { freePort, gql, spawnServer, waitUntilHealthy, type ServerProcess } from './support/process.js';
import { startTestServer, type TestServer } from './support/server.js';
import { startSmtpSink, type SmtpSink } from './support/smtp.js';

const SIGN_UP = `mutation($input: SignUpInput!) { signUp(input: $input) { token person { id language } } }`;
const SET_LANGUAGE = `mutation($language: String!) { setLanguage(language: $language) { id language } }`;

let nextNumber = 500;

async function signUpIn(server: TestServer, email: string, input: { firstName?: string; lastName?: string; language?: string } = {}): Promise<Caller> {
  const r = await server.graphql<{ signUp: { token: string; person: { id: string } } }>(SIGN_UP, {
    input: { email, password: PASSWORD, firstName: input.firstName ?? 'Ann', lastName: input.lastName ?? 'Peeters', ...(input.language ? { language: input.language } : {}) },
  });
  if (!r.body.data) throw new Error(JSON.stringify(r.body.errors));
  return callerFor(server, r.body.data.signUp.token, r.body.data.signUp.person.id, email);
}

/** A chief of a new company, who appointed themselves (which mails nothing). */
async function chiefOf(server: TestServer, label: string, person: { firstName?: string; lastName?: string; language?: string } = {}) {
  const n = nextNumber++;
  const chief = await signUpIn(server, `chief-${label.replace(/\W+/g, '-').toLowerCase()}-${n}@example.be`, person);
  const companyId = await registerEmployer(chief, n, `${label} ${n}`);
  await chief.q(APPOINT('appointChiefAccessManager'), { companyId, email: chief.email });
  return { chief, companyId, companyName: `${label} ${n}` };
}

const outboxOf = (server: TestServer, recipient: string) =>
  server.app.db.all<{ kind: string; status: string; attempts: number; last_error: string | null; language: string }>(
    sql`SELECT kind, status, attempts, last_error, language FROM mail_outbox WHERE recipient = ${recipient}`,
  );

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The outbox rows of `recipient` once `done` holds for them (the sender records a delivery just after the SMTP server took it). */
async function outboxWhen(server: TestServer, recipient: string, done: (rows: Awaited<ReturnType<typeof outboxOf>>) => boolean) {
  const deadline = Date.now() + 10_000;
  let rows = await outboxOf(server, recipient);
  while (!done(rows) && Date.now() < deadline) {
    await sleep(50);
    rows = await outboxOf(server, recipient);
  }
  return rows;
}
const settled = (rows: { status: string }[]) => rows.length > 0 && rows.every((r) => r.status !== 'PENDING');

describe.each(databaseKinds)('mail on %s', (kind) => {
  let sink: SmtpSink;
  let server: TestServer;
  beforeAll(async () => {
    sink = await startSmtpSink();
    server = await startTestServer(kind, { SMTP_URL: sink.url, MAIL_FROM: 'Chaman Test <chaman@test.example>' });
  });
  afterAll(async () => {
    await server?.stop();
    await sink?.close();
  });

  /** The one mail to `address` that is not the confirmation of its sign-up (`verification` names that one). */
  const mailTo = async (address: string, kind: 'other' | 'verification' = 'other'): Promise<ParsedMail> => {
    const deadline = Date.now() + 10_000;
    const isVerification = (m: ParsedMail) => String(m.text).includes('/verify-email?token=');
    for (;;) {
      const found = sink.mails.filter((m) => m.to && !Array.isArray(m.to) && m.to.value.some((a) => a.address === address) && isVerification(m) === (kind === 'verification'));
      if (found.length > 0) {
        expect(found).toHaveLength(1);
        return found[0]!;
      }
      if (Date.now() > deadline) throw new Error(`no mail to ${address}; received: ${sink.mails.map((m) => (m.to as { text: string } | undefined)?.text).join(', ')}`);
      await sleep(50);
    }
  };

  it('an appointment to an address without an account mails an invitation in the appointer language, text and HTML, with the sign-up link', async () => {
    const { chief, companyId, companyName } = await chiefOf(server, `Mail ${kind}`, { firstName: 'Els', lastName: '<Peeters> & Co', language: 'nl' });
    const invitee = `new-${kind}@invitee.example`;
    const done = await chief.q(APPOINT('appointAccessManager'), { companyId, email: invitee });
    expect(done.appointAccessManager.status).toBe('PENDING');

    const mail = await mailTo(invitee);
    expect(mail.from?.value).toEqual([{ name: 'Chaman Test', address: 'chaman@test.example' }]);
    expect(mail.subject).toBe(`Els <Peeters> & Co nodigt u uit op Chaman voor ${companyName}`);
    expect(mail.text).toContain(`Els <Peeters> & Co heeft u in Chaman de rol van toegangsbeheerder voor ${companyName} toegekend.`);
    expect(mail.text).toContain(`${server.url}/sign-up`);
    expect(mail.text).toContain(invitee);
    const html = String(mail.html);
    expect(html).toContain('<html lang="nl">');
    expect(html).toContain(`href="${server.url}/sign-up"`);
    // Every value is escaped in the HTML part: the appointer's name cannot inject markup.
    expect(html).toContain('Els &lt;Peeters&gt; &amp; Co');
    expect(html).not.toContain('<Peeters>');
    expect(await outboxWhen(server, invitee, settled)).toEqual([{ kind: 'invitation', status: 'SENT', attempts: 1, last_error: null, language: 'nl' }]);
  });

  it('an appointment to someone with an account mails them in their own language; appointing oneself mails nothing', async () => {
    const { chief, companyId, companyName } = await chiefOf(server, `Lang ${kind}`, { firstName: 'Marc', lastName: 'Dubois', language: 'de' });
    const email = `fr-${kind}@invitee.example`;
    const invitee = await signUpIn(server, email, { language: 'fr' });
    expect((await invitee.q('{ me { language } }')).me.language).toBe('fr');
    await chief.q(APPOINT('grantChamanAccess'), { companyId, email });

    const mail = await mailTo(email);
    expect(mail.subject).toBe(`Marc Dubois vous invite sur Chaman pour ${companyName}`);
    expect(mail.text).toContain(`Marc Dubois vous a donné accès à Chaman pour ${companyName}.`);
    expect(mail.text).toContain(`Connectez-vous avec votre compte (${email})`);
    expect(mail.text).toContain(`${server.url}/\n`);
    expect(String(mail.html)).toContain(`href="${server.url}/"`);
    expect((await outboxOf(server, chief.email)).filter((m) => m.kind === 'invitation')).toEqual([]);
  });

  it('signUp mails the link that proves the email, in the language of the sign-up; following it proves the email', async () => {
    const email = `proof-${kind}@example.be`;
    const person = await signUpIn(server, email, { firstName: 'Jan', language: 'nl' });
    const mail = await mailTo(email, 'verification');
    expect(mail.subject).toBe('Bevestig uw e-mailadres voor Chaman');
    expect(mail.text).toContain('Beste Jan,');
    const link = String(mail.text).match(/(http\S+\/verify-email\?token=\S+)/)?.[1];
    expect(link?.startsWith(`${server.url}/verify-email?token=chv_`)).toBe(true);
    expect(String(mail.html)).toContain(`href="${link}"`);
    const token = new URL(link!).searchParams.get('token');
    const proven = await server.graphql(`mutation($t: String!) { verifyEmail(token: $t) { id emailVerified } }`, { t: token });
    expect(proven.body.data).toEqual({ verifyEmail: { id: person.id, emailVerified: true } });
  });

  it('signUp takes a language (en by default) and setLanguage changes it; anything but en, fr, nl, de is refused', async () => {
    const plain = await signUpIn(server, `plain-${kind}@example.be`);
    expect((await plain.q('{ me { language } }')).me.language).toBe('en');
    expect(await plain.q(SET_LANGUAGE, { language: 'nl' })).toEqual({ setLanguage: { id: plain.id, language: 'nl' } });
    expect((await plain.q('{ me { language } }')).me.language).toBe('nl');

    for (const language of ['es', 'FR', 'fr-BE', '']) {
      const refused = await plain.fails(SET_LANGUAGE, { language });
      expect(refused.code).toBe('BAD_USER_INPUT');
      expect(refused.extensions).toMatchObject({ reason: 'access/language', params: { language, allowed: 'en, fr, nl, de' } });
    }
    expect((await plain.q('{ me { language } }')).me.language).toBe('nl');

    const badSignUp = await server.graphql(SIGN_UP, { input: { email: `es-${kind}@example.be`, password: PASSWORD, firstName: 'A', lastName: 'B', language: 'es' } });
    expect(badSignUp.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'access/language' });

    const anonymous = await server.graphql(SET_LANGUAGE, { language: 'fr' });
    expect(anonymous.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');

    // The invitation follows the appointer's new language.
    const { chief, companyId } = await chiefOf(server, `Switch ${kind}`);
    await chief.q(SET_LANGUAGE, { language: 'de' });
    const invitee = `de-${kind}@invitee.example`;
    await chief.q(APPOINT('appointAccessManager'), { companyId, email: invitee });
    expect((await mailTo(invitee)).subject).toMatch(/^Ann Peeters lädt Sie zu Chaman für .* ein$/);
  });
});

describe.each(databaseKinds)('an SMTP server that is down, on %s', (kind) => {
  let server: TestServer | undefined;
  let sink: SmtpSink | undefined;
  afterAll(async () => {
    await server?.stop();
    await sink?.close();
  });

  it('fails no change; the mail is retried within 30 s and delivered once when the server is back', async () => {
    const port = await freePort();
    server = await startTestServer(kind, { SMTP_URL: `smtp://127.0.0.1:${port}` });
    const { chief, companyId } = await chiefOf(server, `Down ${kind}`);
    const invitee = `down-${kind}@invitee.example`;
    const done = await chief.q(APPOINT('appointAccessManager'), { companyId, email: invitee });
    expect(done.appointAccessManager.email).toBe(invitee);

    // The first attempt fails (nothing listens), and the mail stays, with its error.
    const rows = await outboxWhen(server, invitee, (r) => r[0]?.last_error != null);
    expect(rows).toEqual([{ kind: 'invitation', status: 'PENDING', attempts: 1, last_error: expect.stringMatching(/ECONNREFUSED/), language: 'en' }]);

    sink = await startSmtpSink(port);
    // SMTP_URL carries no credentials here: the sink asks none of a client that offers none.
    // The invitation, and the chief's confirmation mail of the sign-up, which waited too.
    await sink.waitFor(2, 30_000);
    await sleep(1500);
    expect(sink.mails.map((m) => (m.to as { text: string }).text).sort()).toEqual([chief.email, invitee].sort());
    expect(await outboxWhen(server, invitee, settled)).toEqual([{ kind: 'invitation', status: 'SENT', attempts: 2, last_error: null, language: 'en' }]);
  }, 60_000);
});

describe.each(databaseKinds)('two server processes on one %s database', (kind) => {
  const cleanups: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const c of cleanups.reverse()) await c();
  });

  it('deliver each of 60 queued invitations exactly once', async () => {
    let url: string;
    if (kind === 'sqlite') {
      const dir = mkdtempSync(join(tmpdir(), 'chaman-mail-'));
      cleanups.push(async () => rmSync(dir, { recursive: true, force: true }));
      url = `sqlite:${join(dir, 'chaman.sqlite')}`;
    } else {
      const db = await createTestDatabase('postgres');
      cleanups.push(() => db.drop());
      url = db.location;
    }
    const sink = await startSmtpSink();
    cleanups.push(() => sink.close());
    const stop = (p: ServerProcess) => async () => {
      p.child.kill('SIGTERM');
      await p.exited;
    };
    // Production mode, as operators run several instances.
    const a = await spawnServer({ DATABASE_URL: url, SMTP_URL: sink.url, NODE_ENV: 'production', LOG_LEVEL: 'warn' });
    cleanups.push(stop(a));
    await waitUntilHealthy(a);
    const b = await spawnServer({ DATABASE_URL: url, SMTP_URL: sink.url, NODE_ENV: 'production', LOG_LEVEL: 'warn' });
    cleanups.push(stop(b));
    await waitUntilHealthy(b);

    const chiefEmail = `chief-two-${kind}@example.be`;
    const token = (await gql(a.url, SIGN_UP, { input: { email: chiefEmail, password: PASSWORD, firstName: 'Two', lastName: 'Instances' } })).data.signUp.token as string;
    const companyId = (await gql(b.url, 'mutation($i: RegisterEmployerInput!) { registerEmployer(input: $i) { id } }', { i: { enterpriseNumber: enterpriseNumber(88), name: 'Two' } }, token)).data
      .registerEmployer.id as string;
    await gql(a.url, APPOINT('appointChiefAccessManager'), { companyId, email: chiefEmail }, token);

    const invitees = Array.from({ length: 60 }, (_, i) => `two-${i}@invitee.example`);
    const granted = await Promise.all(invitees.map((email, i) => gql(i % 2 ? a.url : b.url, APPOINT('grantChamanAccess'), { companyId, email }, token)));
    expect(granted.filter((r) => r.errors)).toEqual([]);

    // The 60 invitations and the chief's confirmation mail of the sign-up.
    await sink.waitFor(61, 30_000);
    // Long enough for a second delivery by the other process, if a mail were claimed twice.
    await sleep(2500);
    const received = sink.mails.map((m) => (m.to as { text: string }).text).sort();
    expect(received).toEqual([...invitees, chiefEmail].sort());
  }, 90_000);
});

describe('without SMTP_URL', () => {
  it('in development, prints each mail to the log with its link', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'chaman-mail-log-'));
    const p = await spawnServer({ DATABASE_URL: `sqlite:${join(dir, 'chaman.sqlite')}`, NODE_ENV: 'development', LOG_LEVEL: 'info' });
    try {
      await waitUntilHealthy(p);
      const email = 'dev-chief@example.be';
      const token = (await gql(p.url, SIGN_UP, { input: { email, password: PASSWORD, firstName: 'Dev', lastName: 'Chief' } })).data.signUp.token as string;
      const companyId = (await gql(p.url, 'mutation($i: RegisterEmployerInput!) { registerEmployer(input: $i) { id } }', { i: { enterpriseNumber: enterpriseNumber(89), name: 'Dev' } }, token)).data
        .registerEmployer.id as string;
      await gql(p.url, APPOINT('appointChiefAccessManager'), { companyId, email }, token);
      await gql(p.url, APPOINT('grantChamanAccess'), { companyId, email: 'dev-invitee@example.be' }, token);
      const deadline = Date.now() + 10_000;
      while (!p.output().includes('dev-invitee@example.be: Dev Chief invites you') && Date.now() < deadline) await sleep(100);
      expect(p.output()).toContain('mail (not sent: no SMTP_URL) to dev-invitee@example.be: Dev Chief invites you to Chaman for Dev');
      expect(p.output()).toContain(`${p.url}/sign-up`);
    } finally {
      p.child.kill('SIGTERM');
      await p.exited;
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('in production, refuses to start with one line', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'chaman-mail-prod-'));
    try {
      const p = await spawnServer({ DATABASE_URL: `sqlite:${join(dir, 'chaman.sqlite')}`, NODE_ENV: 'production', SMTP_URL: '' });
      expect((await p.exited).code).toBe(2);
      expect(p.output().trim().split('\n')).toEqual([expect.stringMatching(/^chaman: configuration error: SMTP_URL is required in production \(NODE_ENV=production\)/)]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
