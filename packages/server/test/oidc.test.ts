import type { Server } from 'node:http';
import Provider, { type Configuration } from 'oidc-provider';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { companyWithChief } from './support/chaman.js';
import { databaseKinds, type DatabaseKind } from './support/databases.js';
import { APPOINT, mailedToken, PASSWORD, signUp } from './support/people.js';
import { freePort } from './support/process.js';
import { startTestServer, type TestServer } from './support/server.js';

/** What the provider says about each of its test people, by subject (devInteractions signs in whoever is typed). */
type Claims = { email?: string; email_verified?: boolean; given_name?: string; family_name?: string; name?: string };

const CLIENT_ID = 'chaman';
const CLIENT_SECRET = 'a client secret long enough for the test provider';

/** A real OpenID provider on a free port: its own login and consent pages, keys, tokens and UserInfo. */
async function startProvider(port: number, redirectUri: string, people: Map<string, Claims>): Promise<Server> {
  const issuer = `http://127.0.0.1:${port}`;
  const configuration: Configuration = {
    clients: [{ client_id: CLIENT_ID, client_secret: CLIENT_SECRET, redirect_uris: [redirectUri], token_endpoint_auth_method: 'client_secret_post' }],
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name', 'given_name', 'family_name'] },
    cookies: { keys: ['test cookie key'] },
    // The development login form takes any login and password; the login is the subject.
    features: { devInteractions: { enabled: true } },
    findAccount: (_ctx, sub) => ({ accountId: sub, claims: () => ({ sub, ...people.get(sub) }) }),
  };
  const provider = new Provider(issuer, configuration);
  return new Promise((resolve) => {
    const server = provider.listen(port, '127.0.0.1', () => resolve(server));
  });
}

/** Cookies by origin, as a browser keeps them (enough for these two servers). */
class CookieJar {
  private readonly cookies = new Map<string, Map<string, string>>();

  header(url: URL): string {
    return [...(this.cookies.get(url.origin) ?? new Map<string, string>())].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  keep(url: URL, response: Response): void {
    const jar = this.cookies.get(url.origin) ?? new Map<string, string>();
    this.cookies.set(url.origin, jar);
    for (const line of response.headers.getSetCookie()) {
      const [pair = '', ...attributes] = line.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const gone = attributes.some((a) => /^\s*max-age=0\s*$/i.test(a)) || pair.slice(eq + 1) === '';
      if (gone) jar.delete(name);
      else jar.set(name, pair.slice(eq + 1));
    }
  }

  get(url: string, name: string): string | undefined {
    return this.cookies.get(new URL(url).origin)?.get(name);
  }
}

interface Journey {
  /** Where Chaman finally sent the browser. */
  location: string;
  jar: CookieJar;
}

/**
 * A browser's trip: Chaman's start, the provider's login (as `subject`) and consent pages, Chaman's
 * callback; every redirect followed by hand, cookies carried. Ends at the first answer from Chaman
 * that is not one of its single sign-on routes.
 */
async function signInThroughProvider(chaman: TestServer, subject: string, returnTo = '/', jar = new CookieJar()): Promise<Journey> {
  let url = new URL(`${chaman.url}/auth/oidc/start?returnTo=${encodeURIComponent(returnTo)}`);
  let form: URLSearchParams | null = null;
  for (let step = 0; step < 20; step++) {
    const response = await fetch(url, {
      method: form ? 'POST' : 'GET',
      redirect: 'manual',
      headers: { cookie: jar.header(url), ...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}) },
      body: form,
    });
    jar.keep(url, response);
    form = null;
    const location = response.headers.get('location');
    if (location) {
      const next = new URL(location, url);
      if (next.origin === chaman.url && !next.pathname.startsWith('/auth/oidc/')) return { location: `${next.pathname}${next.search}${next.hash}`, jar };
      url = next;
      continue;
    }
    const html = await response.text();
    const prompt = /name="prompt" value="(\w+)"/.exec(html)?.[1];
    if (response.status !== 200 || !prompt) throw new Error(`unexpected answer ${response.status} at ${url}: ${html.slice(0, 500)}`);
    // The provider's own forms: log in as the subject, then consent.
    form = new URLSearchParams(prompt === 'login' ? { prompt, login: subject, password: 'anything' } : { prompt });
  }
  throw new Error('too many redirects');
}

const ME = `{ me { id email firstName lastName emailVerified memberships { roles } } }`;

async function me(chaman: TestServer, journey: Journey) {
  const session = journey.jar.get(chaman.url, 'chaman_session');
  if (!session) return null;
  const r = await chaman.graphql<{ me: { id: string; email: string; firstName: string; lastName: string; emailVerified: boolean; memberships: { roles: string[] }[] } | null }>(ME, {}, { cookie: `chaman_session=${session}` });
  return r.body.data?.me ?? null;
}

/** Chaman with single sign-on at the provider that is (or will be) on `providerPort`. */
function startChaman(kind: DatabaseKind, providerPort: number): Promise<TestServer> {
  return startTestServer(kind, {
    OIDC_ISSUER: `http://127.0.0.1:${providerPort}`,
    OIDC_CLIENT_ID: CLIENT_ID,
    OIDC_CLIENT_SECRET: CLIENT_SECRET,
    OIDC_NAME: 'Test ID',
  });
}

/** Where /auth/oidc/start sends a browser. */
async function startLocation(chaman: TestServer): Promise<string | null> {
  const r = await fetch(`${chaman.url}/auth/oidc/start`, { redirect: 'manual' });
  expect(r.status).toBe(303);
  return r.headers.get('location');
}

/** Waits until Chaman sends sign-ins to the provider (a failed discovery is retried after a second). */
async function providerInUse(chaman: TestServer, providerPort: number): Promise<URL> {
  const deadline = Date.now() + 5000;
  for (;;) {
    const location = new URL((await startLocation(chaman))!, chaman.url);
    if (location.origin === `http://127.0.0.1:${providerPort}`) return location;
    if (Date.now() > deadline) throw new Error(`sign-ins still go to ${location.href}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe.each(databaseKinds)('single sign-on with an OpenID provider on %s', (kind) => {
  let chaman: TestServer;
  let provider: Server | undefined;
  let providerPort: number;
  const people = new Map<string, Claims>();

  beforeAll(async () => {
    providerPort = await freePort();
    chaman = await startChaman(kind, providerPort);
    provider = await startProvider(providerPort, `${chaman.url}/auth/oidc/callback`, people);
    await providerInUse(chaman, providerPort);
  });
  afterAll(async () => {
    await chaman?.stop();
    await new Promise((resolve) => (provider ? provider.close(resolve) : resolve(undefined)));
  });

  it('tells clients that single sign-on is offered, and its name', async () => {
    const r = await chaman.graphql<{ serverInfo: { singleSignOn: { name: string; startPath: string } | null } }>(`{ serverInfo { singleSignOn { name startPath } } }`);
    expect(r.body.data?.serverInfo.singleSignOn).toEqual({ name: 'Test ID', startPath: '/auth/oidc/start' });
  });

  it('creates a person at the first sign-in, with the email proven and the roles awaiting it active; the next sign-in finds the same person by subject', async () => {
    const { chief, companyId } = await companyWithChief(chaman, `sso-${kind}`);
    const appointed = (await chief.q(APPOINT('appointAccessManager'), { companyId, email: `nina-${kind}@example.be` })).appointAccessManager;
    expect(appointed.status).toBe('PENDING');
    people.set(`nina-${kind}`, { email: `Nina-${kind}@Example.be`, email_verified: true, given_name: 'Nina', family_name: 'Nieuwe' });

    const first = await signInThroughProvider(chaman, `nina-${kind}`, '/chaman?tab=accounts');
    expect(first.location).toBe('/chaman?tab=accounts');
    const nina = await me(chaman, first);
    expect(nina).toMatchObject({ email: `nina-${kind}@example.be`, firstName: 'Nina', lastName: 'Nieuwe', emailVerified: true });
    expect(nina!.memberships).toEqual([{ roles: ['ACCESS_MANAGER'] }]);

    // The provider changes the email it gives: the link is by subject, so it is still Nina.
    people.set(`nina-${kind}`, { email: `nina.nieuwe-${kind}@example.be`, email_verified: true, given_name: 'Nina', family_name: 'Nieuwe' });
    const again = await signInThroughProvider(chaman, `nina-${kind}`);
    expect(again.location).toBe('/');
    expect((await me(chaman, again))?.id).toBe(nina!.id);
  });

  it('links an existing account with the same email only when the provider verified the email', async () => {
    const owner = await signUp(chaman, `owner-${kind}@example.be`, 'Olga', 'Owner');

    // Someone whose account at the provider merely claims the owner's email gets nothing.
    people.set(`claims-owner-${kind}`, { email: `Owner-${kind}@example.be`, email_verified: false, given_name: 'Mallory' });
    const attack = await signInThroughProvider(chaman, `claims-owner-${kind}`);
    expect(attack.location).toBe('/sign-in?error=access%2Foidc-email-unverified');
    expect(attack.jar.get(chaman.url, 'chaman_session')).toBeUndefined();
    // Nor is that identity linked for later, had the provider not said "verified" yet.
    const retry = await signInThroughProvider(chaman, `claims-owner-${kind}`);
    expect(retry.location).toBe('/sign-in?error=access%2Foidc-email-unverified');

    // The owner, whose email the provider verified, is linked to the account she had.
    people.set(`owner-${kind}`, { email: `owner-${kind}@example.be`, email_verified: true, given_name: 'Olga', family_name: 'Owner' });
    const linked = await signInThroughProvider(chaman, `owner-${kind}`);
    expect(linked.location).toBe('/');
    expect(await me(chaman, linked)).toMatchObject({ id: owner.id, email: `owner-${kind}@example.be`, emailVerified: true });

    // Her password still works beside it.
    const signIn = await chaman.graphql<{ signIn: { person: { id: string } } }>(`mutation($input: SignInInput!) { signIn(input: $input) { person { id } } }`, {
      input: { email: `owner-${kind}@example.be`, password: PASSWORD },
    });
    expect(signIn.body.data?.signIn.person.id).toBe(owner.id);

    // A second identity at the same provider with the same verified email does not take the account.
    people.set(`owner-twin-${kind}`, { email: `owner-${kind}@example.be`, email_verified: true });
    const twin = await signInThroughProvider(chaman, `owner-twin-${kind}`);
    expect(twin.location).toBe('/sign-in?error=access%2Foidc-already-linked');
  });

  it('creates an account for an unverified email, without counting it as proven nor activating roles awaiting it', async () => {
    const { chief, companyId } = await companyWithChief(chaman, `sso-unverified-${kind}`);
    const appointed = (await chief.q(APPOINT('appointAccessManager'), { companyId, email: `uma-${kind}@example.be` })).appointAccessManager;
    people.set(`uma-${kind}`, { email: `uma-${kind}@example.be`, email_verified: false, name: 'Uma Van Ongeverifieerd' });
    const journey = await signInThroughProvider(chaman, `uma-${kind}`);
    expect(journey.location).toBe('/');
    const uma = await me(chaman, journey);
    expect(uma).toMatchObject({ email: `uma-${kind}@example.be`, firstName: 'Uma', lastName: 'Van Ongeverifieerd', emailVerified: false, memberships: [] });
    const roles = await chief.q(`query($id: ID!) { company(id: $id) { roleAssignments(first: 100) { nodes { id status } } } }`, { id: companyId });
    expect(roles.company.roleAssignments.nodes.find((n: { id: string }) => n.id === appointed.id).status).toBe('PENDING');
  });

  it("drops a provider identity linked while the email was unproven once the email's owner proves it by mail (pre-hijacking)", async () => {
    // Mallory claims the address at a provider that does not check it, before its owner comes.
    const email = `prey-${kind}@example.be`;
    people.set(`mallory-${kind}`, { email, email_verified: false, given_name: 'Mallory' });
    const first = await signInThroughProvider(chaman, `mallory-${kind}`);
    const account = await me(chaman, first);
    expect(account).toMatchObject({ email, emailVerified: false });

    // The owner recovers the account by the mail sent to the address.
    expect((await chaman.graphql(`mutation($e: String!) { requestPasswordReset(email: $e) }`, { e: email })).body.data).toEqual({ requestPasswordReset: true });
    const token = await mailedToken(chaman, email, 'passwordReset');
    const reset = await chaman.graphql<{ resetPassword: { person: { id: string; emailVerified: boolean } } }>(
      `mutation($i: ResetPasswordInput!) { resetPassword(input: $i) { person { id emailVerified } } }`,
      { i: { token, password: 'the owner chose this passphrase' } },
    );
    expect(reset.body.data?.resetPassword.person).toEqual({ id: account!.id, emailVerified: true });

    // Mallory's session has ended, and the provider identity no longer signs in as the owner.
    expect(await me(chaman, first)).toBeNull();
    const again = await signInThroughProvider(chaman, `mallory-${kind}`);
    expect(again.location).toBe('/sign-in?error=access%2Foidc-email-unverified');
  });

  it('refuses a provider identity without an email', async () => {
    people.set(`no-email-${kind}`, { given_name: 'Nobody' });
    const journey = await signInThroughProvider(chaman, `no-email-${kind}`);
    expect(journey.location).toBe('/sign-in?error=access%2Foidc-email-missing');
  });

  it.each([
    ['https://evil.example/steal', '/'],
    ['//evil.example/steal', '/'],
    ['/\\evil.example', '/'],
    ['javascript:alert(1)', '/'],
    ['/audit?page=2#top', '/audit?page=2#top'],
  ])('after signing in, returnTo=%s goes to %s', async (returnTo, expected) => {
    people.set(`returner-${kind}`, { email: `returner-${kind}@example.be`, email_verified: true, given_name: 'Ray' });
    const journey = await signInThroughProvider(chaman, `returner-${kind}`, returnTo);
    expect(journey.location).toBe(expected);
    expect(journey.jar.get(chaman.url, 'chaman_session')).toBeDefined();
  });

  it('refuses a callback that no sign-in in this browser started, or whose state was changed', async () => {
    const stray = await fetch(`${chaman.url}/auth/oidc/callback?code=abc&state=xyz`, { redirect: 'manual' });
    expect(stray.headers.get('location')).toBe('/sign-in?error=access%2Foidc-failed');
    expect(stray.headers.getSetCookie().some((c) => c.startsWith('chaman_session='))).toBe(false);

    // A real flow whose answer from the provider is replayed with another state.
    const jar = new CookieJar();
    const start = new URL(`${chaman.url}/auth/oidc/start`);
    const started = await fetch(start, { redirect: 'manual' });
    jar.keep(start, started);
    const callback = new URL(`${chaman.url}/auth/oidc/callback?code=forged&state=not-the-one&iss=${encodeURIComponent(`http://127.0.0.1:${providerPort}`)}`);
    const forged = await fetch(callback, { redirect: 'manual', headers: { cookie: jar.header(callback) } });
    expect(forged.headers.get('location')).toBe('/sign-in?error=access%2Foidc-failed');
  });

  it('refuses when the person cancels at the provider', async () => {
    const jar = new CookieJar();
    let url = new URL(`${chaman.url}/auth/oidc/start`);
    for (let step = 0; step < 10; step++) {
      const response = await fetch(url, { redirect: 'manual', headers: { cookie: jar.header(url) } });
      jar.keep(url, response);
      const location = response.headers.get('location');
      if (!location) {
        // The provider's login page: cancel.
        url = new URL(`${url.pathname}/abort`, url);
        continue;
      }
      const next = new URL(location, url);
      if (next.origin === chaman.url && !next.pathname.startsWith('/auth/oidc/')) {
        expect(`${next.pathname}${next.search}`).toBe('/sign-in?error=access%2Foidc-failed');
        return;
      }
      url = next;
    }
    throw new Error('never came back to Chaman');
  });
});

describe('single sign-on when the provider is down at start', () => {
  let chaman: TestServer;
  let provider: Server | undefined;
  afterAll(async () => {
    await chaman?.stop();
    await new Promise((resolve) => (provider ? provider.close(resolve) : resolve(undefined)));
  });

  it('starts all the same, says so at sign-in, and uses the provider once it is up', async () => {
    const providerPort = await freePort();
    chaman = await startChaman('sqlite', providerPort);
    expect(await startLocation(chaman)).toBe('/sign-in?error=access%2Foidc-unavailable');

    provider = await startProvider(providerPort, `${chaman.url}/auth/oidc/callback`, new Map());
    const authorize = await providerInUse(chaman, providerPort);
    expect(authorize.searchParams.get('client_id')).toBe(CLIENT_ID);
    expect(authorize.searchParams.get('redirect_uri')).toBe(`${chaman.url}/auth/oidc/callback`);
    expect(authorize.searchParams.get('scope')).toBe('openid email profile');
    expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authorize.searchParams.get('code_challenge')).toMatch(/^[\w-]{43}$/);
    expect(authorize.searchParams.get('state')).toBeTruthy();
    expect(authorize.searchParams.get('nonce')).toBeTruthy();
  });
});

describe('single sign-on when it is not configured', () => {
  let chaman: TestServer;
  beforeAll(async () => {
    chaman = await startTestServer('sqlite');
  });
  afterAll(async () => chaman.stop());

  it('is not offered, and its routes are not found', async () => {
    const r = await chaman.graphql<{ serverInfo: { singleSignOn: unknown } }>(`{ serverInfo { singleSignOn { name } } }`);
    expect(r.body.data?.serverInfo.singleSignOn).toBeNull();
    expect((await fetch(`${chaman.url}/auth/oidc/start`, { redirect: 'manual' })).status).toBe(404);
    expect((await fetch(`${chaman.url}/auth/oidc/callback`, { redirect: 'manual' })).status).toBe(404);
  });
});
