import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Sessions1764000008000 } from '../src/db/migrations/1764000008000-sessions.js';
import { newId } from '../src/db/ids.js';
import { databaseKinds } from './support/databases.js';
import { callerFor, PASSWORD, signUp, type Caller } from './support/people.js';
import { startTestServer, type TestServer } from './support/server.js';

const SESSIONS = `{ me { sessions { id createdAt lastSeenAt userAgent ip current } } }`;
const CHANGE = `mutation($i: ChangePasswordInput!) { changePassword(input: $i) }`;
const REVOKE_SESSION = `mutation($id: ID!) { revokeSession(id: $id) }`;
const EVERYWHERE = `mutation { signOutEverywhere }`;
const CREATE_TOKEN = `mutation($name: String!) { createAccessToken(input: { name: $name, expiresInDays: 30 }) { secret accessToken { id } } }`;
const NEW_PASSWORD = 'a brand new password of mine';

interface SessionInfo {
  id: string;
  createdAt: string;
  lastSeenAt: string;
  userAgent: string | null;
  ip: string | null;
  current: boolean;
}

describe.each(databaseKinds)('sessions, password and personal tokens on %s', (kind) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(kind, { RATE_LIMIT_SIGN_IN_PER_EMAIL: '4', RATE_LIMIT_SIGN_UP_PER_IP: '1000' });
  });
  afterAll(async () => server.stop());

  /** Signs in as `email` from a browser named `userAgent`; the session as a caller, and its cookie. */
  async function signIn(email: string, userAgent: string, password = PASSWORD): Promise<Caller & { cookie: string }> {
    const r = await server.graphql<{ signIn: { token: string; person: { id: string } } }>(
      `mutation($i: SignInInput!) { signIn(input: $i) { token person { id } } }`,
      { i: { email, password } },
      { 'user-agent': userAgent },
    );
    if (!r.body.data) throw new Error(JSON.stringify(r.body.errors));
    const cookie = r.response.headers.get('set-cookie')!.split(';')[0]!;
    return { ...callerFor(server, r.body.data.signIn.token, r.body.data.signIn.person.id, email), cookie };
  }

  const sessionsOf = async (c: Caller): Promise<SessionInfo[]> => (await c.q(SESSIONS)).me.sessions;
  /** Whether the secret still authenticates (me is null for an ended credential). */
  const works = async (secret: string) => (await server.graphql<{ me: unknown }>('{ me { id } }', undefined, { authorization: `Bearer ${secret}` })).body.data?.me !== null;
  const token = async (c: Caller, name: string): Promise<{ secret: string; id: string }> => {
    const t = (await c.q(CREATE_TOKEN, { name })).createAccessToken;
    return { secret: t.secret, id: t.accessToken.id };
  };

  it('lists the sessions in force, newest first, with the browser and address they signed in from; the current one marked', async () => {
    const first = await signUp(server, 'list@x.be');
    const laptop = await signIn('list@x.be', 'Laptop Firefox');
    const phone = await signIn('list@x.be', 'Phone Safari');
    await token(phone, 'not a session');
    const ended = await signIn('list@x.be', 'Ended');
    await ended.q('mutation { signOut }');

    const seen = await sessionsOf(laptop);
    expect(seen.map((s) => s.userAgent)).toEqual(['Phone Safari', 'Laptop Firefox', expect.any(String)]);
    expect(seen.map((s) => s.current)).toEqual([false, true, false]);
    expect(seen[0]).toMatchObject({ ip: '127.0.0.1', createdAt: expect.any(String), lastSeenAt: expect.any(String) });
    expect(Date.parse(seen[0]!.createdAt)).toBeGreaterThanOrEqual(Date.parse(seen[1]!.createdAt));
    expect((await sessionsOf(first)).map((s) => s.current)).toEqual([false, false, true]);

    // A session past its idle time is not in force, though nobody ended it.
    const p = kind === 'postgres' ? '$1' : '?';
    await server.app.ds.query(`UPDATE credential SET last_used_at = ${p} WHERE id = ${kind === 'postgres' ? '$2' : '?'}`, [Date.now() - 9 * 3600_000, seen[0]!.id]);
    expect((await sessionsOf(laptop)).map((s) => s.userAgent)).toEqual(['Laptop Firefox', expect.any(String)]);
  });

  it('lists at most 100 sessions, the newest', async () => {
    const p = await signUp(server, 'many@x.be');
    const now = Date.now();
    const values = Array.from({ length: 104 }, (_, i) => {
      const at = now - (i + 1) * 1000;
      return `('${newId()}', '${p.id}', 'SESSION', NULL, '${'s'.repeat(40)}${String(i).padStart(24, '0')}', ${at}, ${now}, ${now + 86_400_000}, NULL, 'agent ${i}')`;
    });
    await server.app.ds.query(
      `INSERT INTO credential (id, person_id, kind, name, secret_hash, created_at, last_used_at, expires_at, revoked_at, user_agent) VALUES ${values.join(', ')}`,
    );
    const seen = await sessionsOf(p);
    expect(seen).toHaveLength(100);
    expect(seen[0]!.current).toBe(true);
    expect(seen[99]!.userAgent).toBe('agent 98');
  });

  it('ends one session by id: the session stops working at once; another person cannot end it', async () => {
    const owner = await signUp(server, 'revoke@x.be');
    const other = await signIn('revoke@x.be', 'Other device');
    const stranger = await signUp(server, 'stranger@x.be');
    const pat = await token(owner, 'script');
    const otherId = (await sessionsOf(owner)).find((s) => s.userAgent === 'Other device')!.id;

    // Another person's session, a personal token's id, an unknown id and garbage are all NOT_FOUND.
    for (const id of [otherId, pat.id, newId(), 'not-an-id']) {
      const e = await stranger.fails(REVOKE_SESSION, { id });
      expect(e.code, id).toBe('NOT_FOUND');
    }
    expect((await owner.fails(REVOKE_SESSION, { id: pat.id })).code).toBe('NOT_FOUND');
    expect(await works(other.token)).toBe(true);

    expect((await owner.q(REVOKE_SESSION, { id: otherId })).revokeSession).toBe(true);
    expect(await works(other.token)).toBe(false);
    expect((await owner.q(REVOKE_SESSION, { id: otherId })).revokeSession).toBe(false);
    expect((await sessionsOf(owner)).map((s) => s.current)).toEqual([true]);
    expect(await works(pat.secret)).toBe(true);
  });

  it('ends the current session by id like signOut, and tells the browser to drop its cookie', async () => {
    await signUp(server, 'self@x.be');
    const browser = await signIn('self@x.be', 'Browser');
    const id = (await sessionsOf(browser)).find((s) => s.current)!.id;
    const r = await server.graphql(REVOKE_SESSION, { id }, { cookie: browser.cookie });
    expect(r.body.data).toEqual({ revokeSession: true });
    expect(r.response.headers.get('set-cookie')).toContain('Max-Age=0');
    expect((await server.graphql('{ me { id } }', undefined, { cookie: browser.cookie })).body.data).toEqual({ me: null });
  });

  it("tells a browser whose session cookie expired that it expired (access/session-expired), once: the answer drops the cookie", async () => {
    await signUp(server, 'expired-cookie@x.be');
    const browser = await signIn('expired-cookie@x.be', 'Browser left open');
    const p = kind === 'postgres' ? ['$1', '$2'] : ['?', '?'];
    const id = (await sessionsOf(browser)).find((s) => s.current)!.id;
    await server.app.ds.query(`UPDATE credential SET last_used_at = ${p[0]} WHERE id = ${p[1]}`, [Date.now() - 9 * 3600_000, id]);

    const r = await server.graphql('{ me { id } }', undefined, { cookie: browser.cookie });
    expect(r.body.data).toEqual({ me: null });
    expect(r.body.errors?.[0]).toMatchObject({
      extensions: { code: 'UNAUTHENTICATED', reason: 'access/session-expired', params: { cause: 'inactivity' } },
      message: expect.stringContaining('sign in again'),
    });
    expect(r.response.headers.get('set-cookie')).toMatch(/^chaman_session=; .*Max-Age=0/);
    // The same secret as a Bearer token, and a browser with no cookie, are simply signed out.
    expect((await server.graphql('{ me { id } }', undefined, { authorization: `Bearer ${browser.token}` })).body).toEqual({ data: { me: null } });
    expect((await server.graphql('{ me { id } }')).body).toEqual({ data: { me: null } });

    // A session past its lifetime says so too.
    await server.app.ds.query(`UPDATE credential SET last_used_at = ${p[0]}, expires_at = ${p[1]} WHERE id = '${id}'`, [Date.now(), Date.now() - 1000]);
    const late = await server.graphql('{ me { id } }', undefined, { cookie: browser.cookie });
    expect(late.body.errors?.[0]?.extensions).toMatchObject({ reason: 'access/session-expired', params: { cause: 'lifetime' } });
  });

  it('signs out everywhere: every session ends, the current one too, and the cookie goes; personal tokens keep working', async () => {
    const a = await signUp(server, 'everywhere@x.be');
    const b = await signIn('everywhere@x.be', 'Second');
    const c = await signIn('everywhere@x.be', 'Third');
    const pat = await token(a, 'nightly export');
    const stranger = await signUp(server, 'bystander@x.be');

    const r = await server.graphql(EVERYWHERE, undefined, { cookie: c.cookie });
    expect(r.body.data).toEqual({ signOutEverywhere: true });
    expect(r.response.headers.get('set-cookie')).toContain('Max-Age=0');
    for (const s of [a, b, c]) expect(await works(s.token)).toBe(false);
    expect(await works(pat.secret)).toBe(true);
    expect(await works(stranger.token)).toBe(true);
    expect((await server.graphql<{ me: { sessions: unknown[] } }>(SESSIONS, undefined, { authorization: `Bearer ${pat.secret}` })).body.data?.me.sessions).toEqual([]);
    expect((await a.fails(EVERYWHERE)).code).toBe('UNAUTHENTICATED');
  });

  it('changes the password: the old one stops working, every other session ends, the current one and the personal tokens stay', async () => {
    const current = await signUp(server, 'change@x.be');
    const other = await signIn('change@x.be', 'Other');
    const pat = await token(current, 'deploy');

    expect((await current.q(CHANGE, { i: { currentPassword: PASSWORD, newPassword: NEW_PASSWORD } })).changePassword).toBe(true);
    expect(await works(current.token)).toBe(true);
    expect(await works(other.token)).toBe(false);
    expect(await works(pat.secret)).toBe(true);
    const old = await server.graphql(`mutation($i: SignInInput!) { signIn(input: $i) { token } }`, { i: { email: 'change@x.be', password: PASSWORD } });
    expect(old.body.errors?.[0]?.extensions?.reason).toBe('access/wrong-email-or-password');
    expect((await signIn('change@x.be', 'New', NEW_PASSWORD)).token).toMatch(/^chs_/);
  });

  it('refuses a wrong current password or a weak new one, and limits wrong guesses per person together with failed sign-ins', async () => {
    const p = await signUp(server, 'guess@x.be');
    const weak = await p.fails(CHANGE, { i: { currentPassword: PASSWORD, newPassword: 'short' } });
    expect(weak.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'access/password-too-short', params: { min: 12, length: 5 } });
    const wrong = await p.fails(CHANGE, { i: { currentPassword: 'not my password at all', newPassword: NEW_PASSWORD } });
    expect(wrong.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'access/current-password-wrong' });
    await p.fails(CHANGE, { i: { currentPassword: 'not my password either', newPassword: NEW_PASSWORD } });
    // A failed sign-in with the same email uses the same budget of 4 guesses per 15 minutes.
    await server.graphql(`mutation($i: SignInInput!) { signIn(input: $i) { token } }`, { i: { email: 'guess@x.be', password: 'a third wrong guess' } });
    await p.fails(CHANGE, { i: { currentPassword: 'a fourth wrong guess', newPassword: NEW_PASSWORD } });
    const limited = await p.fails(CHANGE, { i: { currentPassword: PASSWORD, newPassword: NEW_PASSWORD } });
    expect(limited.extensions).toMatchObject({ code: 'RATE_LIMITED', retryAfterSeconds: expect.any(Number) });
    expect(await works(p.token)).toBe(true);
  });

  it('lets only one of two concurrent changes from the same current password win', async () => {
    const p = await signUp(server, 'race@x.be');
    const answers = await Promise.all(
      ['first new password', 'second new password'].map((newPassword) =>
        server.graphql(CHANGE, { i: { currentPassword: PASSWORD, newPassword } }, { authorization: `Bearer ${p.token}` }),
      ),
    );
    expect(answers.filter((a) => a.body.data?.changePassword === true)).toHaveLength(1);
    expect(answers.filter((a) => a.body.errors?.[0]?.extensions?.reason === 'access/current-password-wrong')).toHaveLength(1);
  });

  it('keeps a personal access token from creating tokens, changing the password or ending sessions', async () => {
    const p = await signUp(server, 'script@x.be');
    const pat = await token(p, 'ci');
    const script = callerFor(server, pat.secret, p.id, p.email);
    const refused = [
      [CREATE_TOKEN, { name: 'child' }, 'createAccessToken'],
      [CHANGE, { i: { currentPassword: PASSWORD, newPassword: NEW_PASSWORD } }, 'changePassword'],
      [EVERYWHERE, {}, 'signOutEverywhere'],
      [REVOKE_SESSION, { id: (await sessionsOf(p))[0]!.id }, 'revokeSession'],
    ] as const;
    for (const [query, variables, operation] of refused) {
      const e = await script.fails(query, variables);
      expect(e.extensions, operation).toMatchObject({ code: 'FORBIDDEN', reason: 'access/personal-token-not-allowed', params: { operation } });
    }
    expect((await p.q('{ me { accessTokens { name } } }')).me.accessTokens).toEqual([{ name: 'ci' }]);
    expect(await works(p.token)).toBe(true);
    expect((await signIn('script@x.be', 'After', PASSWORD)).token).toMatch(/^chs_/);
  });

  it('refuses signOut with a personal access token, which keeps working until revoked', async () => {
    const p = await signUp(server, 'pat-signout@x.be');
    const pat = await token(p, 'ci');
    const r = await server.graphql('mutation { signOut }', undefined, { authorization: `Bearer ${pat.secret}` });
    expect(r.body.data).toBeNull();
    expect(r.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'access/personal-token-sign-out' });
    expect(r.body.errors?.[0]?.message).toContain('revokeAccessToken');
    expect(await works(pat.secret)).toBe(true);
    await p.q(`mutation($id: ID!) { revokeAccessToken(id: $id) { id } }`, { id: pat.id });
    expect(await works(pat.secret)).toBe(false);
  });

  it('records the session a personal access token was created in', async () => {
    const p = await signUp(server, 'provenance@x.be');
    const pat = await token(p, 'ci');
    const sessionId = (await sessionsOf(p))[0]!.id;
    const q = kind === 'postgres' ? '$1' : '?';
    const rows: { created_by_credential: string }[] = await server.app.ds.query(`SELECT created_by_credential FROM credential WHERE id = ${q}`, [pat.id]);
    expect(rows[0]?.created_by_credential).toBe(sessionId);
  });
});

describe.each(databaseKinds)('the sessions migration on %s', (kind) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(kind);
  });
  afterAll(async () => server.stop());

  it('revokes the live personal tokens that a token may have minted before tokens could no longer mint tokens, and keeps the others', async () => {
    const p = await signUp(server, 'legacy@x.be');
    const other = await signUp(server, 'legacy-other@x.be');
    const day = 86_400_000;
    const now = Date.now();
    const ids = { parent: newId(), child: newId(), expiredChild: newId(), othersOld: newId(), othersNew: newId() };
    // As the old code let them be: `parent` may have minted `child`; `parent` was revoked later,
    // `child` lived on. The other person created a token after the old one was revoked.
    const rows: [string, string, number, number, number | null][] = [
      [ids.parent, p.id, now - 10 * day, now + 300 * day, now - 2 * day],
      [ids.child, p.id, now - 5 * day, now + 300 * day, null],
      [ids.expiredChild, p.id, now - 4 * day, now - day, null],
      [ids.othersOld, other.id, now - 30 * day, now + 300 * day, now - 20 * day],
      [ids.othersNew, other.id, now - 5 * day, now + 300 * day, null],
    ];
    const ds = server.app.ds;
    for (const [i, [id, person, created, expires, revoked]] of rows.entries()) {
      await ds.query(
        `INSERT INTO credential (id, person_id, kind, name, secret_hash, created_at, last_used_at, expires_at, revoked_at)
         VALUES ('${id}', '${person}', 'PERSONAL_ACCESS_TOKEN', 'legacy ${i}', '${'f'.repeat(63)}${i}', ${created}, ${created}, ${expires}, ${revoked ?? 'NULL'})`,
      );
    }
    const runner = ds.createQueryRunner();
    try {
      const migration = new Sessions1764000008000();
      await migration.down(runner);
      await migration.up(runner);
    } finally {
      await runner.release();
    }
    const after: { id: string; revoked_at: unknown }[] = await ds.query(`SELECT id, revoked_at FROM credential WHERE kind = 'PERSONAL_ACCESS_TOKEN'`);
    const revoked = new Set(after.filter((r) => r.revoked_at !== null).map((r) => r.id));
    expect(revoked.has(ids.child)).toBe(true);
    expect(revoked.has(ids.othersNew)).toBe(false);
    expect(after.find((r) => r.id === ids.expiredChild)?.revoked_at).toBeNull();
    // The sessions the people signed up with are untouched.
    expect((await p.q('{ me { id } }')).me.id).toBe(p.id);
    expect((await other.q('{ me { id } }')).me.id).toBe(other.id);
  });
});
