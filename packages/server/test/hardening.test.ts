import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseKinds } from './support/databases.js';
import { APPOINT, PASSWORD, registerEmployer, signUp } from './support/people.js';
import { startTestServer, type TestServer } from './support/server.js';

const SIGN_UP = `mutation($input: SignUpInput!) { signUp(input: $input) { token person { id email } } }`;
const SIGN_IN = `mutation($input: SignInInput!) { signIn(input: $input) { token person { email } } }`;
const HISTORY = `query($first: Int, $after: String) { me { history(first: $first, after: $after) { nodes { id kind at details ip userAgent } pageInfo { hasNextPage endCursor } } } }`;

/** The `chaman_device` cookie a response sets, as a Cookie header, or null. */
function deviceCookieOf(response: Response): string | null {
  const set = response.headers.getSetCookie().find((c) => c.startsWith('chaman_device='));
  return set ? set.split(';')[0]! : null;
}

describe.each(databaseKinds)('trustworthy people on %s', (kind) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(kind, { RATE_LIMIT_SIGN_IN_PER_EMAIL: '3' });
  });
  afterAll(async () => server.stop());

  const signUpWith = (email: string, password = PASSWORD) =>
    server.graphql<{ signUp: { token: string; person: { id: string; email: string } } }>(SIGN_UP, { input: { email, password, firstName: 'Ann', lastName: 'Peeters' } });
  const refusalOf = (r: Awaited<ReturnType<typeof signUpWith>>) => {
    const e = r.body.errors?.[0];
    if (!e) throw new Error(`accepted: ${JSON.stringify(r.body.data)}`);
    return { code: e.extensions?.code, reason: e.extensions?.reason, params: e.extensions?.params, message: e.message };
  };
  const signIn = (email: string, password: string, headers: Record<string, string> = {}) =>
    server.graphql<{ signIn: { token: string; person: { email: string } } }>(SIGN_IN, { input: { email, password } }, headers);

  it('refuses look-alike emails as new accounts, naming the character', async () => {
    const cyrillic = refusalOf(await signUpWith('pаypal@example.com'));
    expect(cyrillic).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'access/email-mixed-script', params: { character: 'U+0430', script: 'Cyrillic', otherScript: 'Latin' } });
    expect(cyrillic.message).toContain('U+0430');

    const zeroWidth = refusalOf(await signUpWith('pay\u200Bpal@example.com'));
    expect(zeroWidth).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'access/email-invisible-character', params: { character: 'U+200B', name: 'ZERO WIDTH SPACE' } });
    expect(zeroWidth.message).toContain('U+200B ZERO WIDTH SPACE');

    const rlo = refusalOf(await signUpWith('\u202Emoc.elpmaxe@lapyap'));
    expect(rlo).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'access/email-bidi-character', params: { character: 'U+202E', name: 'RIGHT-TO-LEFT OVERRIDE' } });
    expect(rlo.message).toContain('U+202E RIGHT-TO-LEFT OVERRIDE');

    // Nor can a role be appointed to one.
    const chief = await signUp(server, 'chief-lookalike@example.com');
    const companyId = await registerEmployer(chief, 7001);
    const appointed = await chief.fails(APPOINT('appointChiefAccessManager'), { companyId, email: 'chief-lookalike@exаmple.com' });
    expect(appointed.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'access/email-mixed-script' });
  });

  it('reads fullwidth forms as ASCII: the same address as the plain one', async () => {
    expect((await signUpWith('john@example.com')).body.data?.signUp.person.email).toBe('john@example.com');
    expect(refusalOf(await signUpWith('ｊｏｈｎ@example.com'))).toMatchObject({ code: 'CONFLICT', reason: 'access/email-taken', params: { email: 'john@example.com' } });
    expect((await signIn('ＪＯＨＮ@example.com', PASSWORD)).body.data?.signIn.person.email).toBe('john@example.com');
  });

  it('refuses common passwords and passwords that repeat the email', async () => {
    const common = refusalOf(await signUpWith('common@example.com', 'password1234'));
    expect(common).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'access/password-common' });
    expect(common.message).toContain('most common');
    expect(refusalOf(await signUpWith('common@example.com', 'Qwerty123456'))).toMatchObject({ reason: 'access/password-common' });
    expect(refusalOf(await signUpWith('ann.peeters@example.com', 'ann.peeters2024'))).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'access/password-repeats-email' });
    expect(refusalOf(await signUpWith('ann.peeters@example.com', 'ANN.PEETERS@EXAMPLE.COM'))).toMatchObject({ reason: 'access/password-repeats-email' });
    // Refused before the account existed: the address is still free.
    expect((await signUpWith('ann.peeters@example.com')).body.data?.signUp.person.email).toBe('ann.peeters@example.com');
  });

  it("records sign-ins, sign-outs, failed sign-ins and personal tokens in the person's own history, which only they see", async () => {
    const person = await signUp(server, 'history@example.com');
    const ua = { 'user-agent': 'HistoryTest/1.0' };
    expect((await signIn('history@example.com', 'not the password!', ua)).body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const signedIn = (await signIn('history@example.com', PASSWORD, ua)).body.data!.signIn.token;
    await server.graphql('mutation { signOut }', undefined, { authorization: `Bearer ${signedIn}`, ...ua });
    const created = (await person.q(`mutation { createAccessToken(input: { name: "CI job", expiresInDays: 30 }) { secret accessToken { id } } }`)).createAccessToken;
    await person.q(`mutation($id: ID!) { revokeAccessToken(id: $id) { id } }`, { id: created.accessToken.id });
    // Revoking again changes nothing, and records nothing.
    await person.q(`mutation($id: ID!) { revokeAccessToken(id: $id) { id } }`, { id: created.accessToken.id });

    const history = (await person.q(HISTORY, { first: 10 })).me.history;
    expect(history.nodes.map((e: { kind: string }) => e.kind)).toEqual([
      'personal-token-revoked',
      'personal-token-created',
      'sign-out',
      'sign-in',
      'sign-in-failed',
      'sign-up',
    ]);
    const [revoked, createdEvent, signOut, signInEvent, failed] = history.nodes;
    expect(JSON.parse(revoked.details)).toEqual({ tokenId: created.accessToken.id, name: 'CI job' });
    expect(JSON.parse(createdEvent.details)).toMatchObject({ tokenId: created.accessToken.id, name: 'CI job' });
    expect(createdEvent.details).not.toContain(created.secret);
    for (const e of [signOut, signInEvent, failed]) expect(e).toMatchObject({ ip: '127.0.0.1', userAgent: 'HistoryTest/1.0' });
    expect(JSON.parse(failed.details)).toEqual({ knownDevice: false });
    expect(Date.parse(revoked.at)).toBeGreaterThanOrEqual(Date.parse(failed.at));

    // Pages follow one another.
    const first = (await person.q(HISTORY, { first: 4 })).me.history;
    expect(first.pageInfo.hasNextPage).toBe(true);
    const next = (await person.q(HISTORY, { first: 4, after: first.pageInfo.endCursor })).me.history;
    expect(next.nodes.map((e: { kind: string }) => e.kind)).toEqual(['sign-in-failed', 'sign-up']);
    expect(next.pageInfo.hasNextPage).toBe(false);

    // Another person sees only their own; an unknown email's failure is recorded nowhere and answered the same.
    const other = await signUp(server, 'history-other@example.com');
    expect((await other.q(HISTORY)).me.history.nodes.map((e: { kind: string }) => e.kind)).toEqual(['sign-up']);
    const unknown = await signIn('nobody-here@example.com', 'not the password!');
    const known = await signIn('history-other@example.com', 'not the password!');
    expect(unknown.body.errors).toEqual(known.body.errors);

    // Append-only, whoever connects to the database.
    await expect(server.app.ds.query(`UPDATE person_event SET kind = 'sign-in'`)).rejects.toThrow(/append-only/);
    await expect(server.app.ds.query('DELETE FROM person_event')).rejects.toThrow(/append-only/);
  });

  it('never locks the owner out of a device that signed in before: the per-email limit spares it', async () => {
    await signUp(server, 'owner@example.com');
    const first = await signIn('owner@example.com', PASSWORD);
    const device = deviceCookieOf(first.response);
    expect(device).toMatch(/^chaman_device=chd_[\w-]{43}$/);
    expect(first.response.headers.getSetCookie().find((c) => c.startsWith('chaman_device='))).toContain('HttpOnly');

    // An attacker fails until the email is limited (3 in these tests) ...
    for (let i = 0; i < 3; i++) expect((await signIn('owner@example.com', `guess number ${i}!!`)).body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const attacker = await signIn('owner@example.com', PASSWORD);
    expect(attacker.body.errors?.[0]).toMatchObject({ extensions: { code: 'RATE_LIMITED' }, message: expect.stringContaining('for this email') });
    // ... and so is the owner on a device that never signed in as them, or with a made-up device id.
    expect((await signIn('owner@example.com', PASSWORD, { cookie: `chaman_device=chd_${'A'.repeat(43)}` })).body.errors?.[0]?.extensions?.code).toBe('RATE_LIMITED');

    // The owner's device still signs in, and keeps its id.
    const owner = await signIn('owner@example.com', PASSWORD, { cookie: device! });
    expect(owner.body.data?.signIn.person.email).toBe('owner@example.com');
    expect(deviceCookieOf(owner.response)).toBe(device);
    const history = (await server.graphql(HISTORY, { first: 1 }, { authorization: `Bearer ${owner.body.data!.signIn.token}` })).body.data as any;
    expect(history.me.history.nodes[0]).toMatchObject({ kind: 'sign-in', details: JSON.stringify({ knownDevice: true }) });

    // The device's own failures are limited too (a stolen device cookie is no way around the limit).
    for (let i = 0; i < 3; i++) await signIn('owner@example.com', `guess number ${i}!!`, { cookie: device! });
    const limited = await signIn('owner@example.com', PASSWORD, { cookie: device! });
    expect(limited.body.errors?.[0]).toMatchObject({ extensions: { code: 'RATE_LIMITED' }, message: expect.stringContaining('from this device') });
  });
});

describe.each(databaseKinds)('the per-IP sign-in limit on %s', (kind) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(kind, { RATE_LIMIT_SIGN_IN_PER_EMAIL: '3', RATE_LIMIT_SIGN_IN_PER_IP: '4' });
  });
  afterAll(async () => server.stop());

  it('still applies to a known device', async () => {
    await signUp(server, 'ip-owner@example.com');
    const signIn = (email: string, password: string, headers: Record<string, string> = {}) =>
      server.graphql(SIGN_IN, { input: { email, password } }, headers);
    const device = deviceCookieOf((await signIn('ip-owner@example.com', PASSWORD)).response)!;
    for (let i = 0; i < 4; i++) await signIn(`someone-${i}@example.com`, 'not the password!');
    const r = await signIn('ip-owner@example.com', PASSWORD, { cookie: device });
    expect(r.body.errors?.[0]).toMatchObject({ extensions: { code: 'RATE_LIMITED' }, message: expect.stringContaining('from your network') });
  });
});
