import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { mailedLink, useProductAndBrowser, type Product } from '../helper.js';

const PASSWORD = 'correct horse battery staple';

/** One GraphQL call to the product, as a script would make it (Bearer token when given). */
async function api<T>(product: Product, query: string, variables: object = {}, token?: string): Promise<T> {
  const r = await fetch(`${product.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await r.json()) as { data?: T; errors?: unknown[] };
  if (!body.data || body.errors) throw new Error(JSON.stringify(body.errors));
  return body.data;
}

/** A person signed up through the API; returns their token. */
async function person(product: Product, email: string, first: string, last: string): Promise<string> {
  const data = await api<{ signUp: { token: string } }>(
    product,
    `mutation($i: SignUpInput!) { signUp(input: $i) { token } }`,
    { i: { email, password: PASSWORD, firstName: first, lastName: last, language: 'en' } },
  );
  return data.signUp.token;
}

async function signIn(page: Page, email: string) {
  const form = page.getByRole('form', { name: 'Sign in' });
  await form.getByLabel('Email').fill(email);
  await form.getByLabel('Password').fill(PASSWORD);
  await form.getByRole('button', { name: 'Sign in' }).click();
}

/** Runs SQL on the product's SQLite file with the server's own driver (to age a session). */
function sql(product: Product, statement: string, ...params: unknown[]) {
  const serverRequire = createRequire(fileURLToPath(new URL('../../packages/server/package.json', import.meta.url)));
  const Database = serverRequire('better-sqlite3') as new (file: string) => { prepare(s: string): { run(...p: unknown[]): void }; close(): void };
  const db = new Database(join(product.dataDir, 'chaman.sqlite'));
  try {
    db.prepare(statement).run(...params);
  } finally {
    db.close();
  }
}

describe('signed out, expired, without a role, and the people of a company', () => {
  const env = useProductAndBrowser({ beforeAll, afterEach, afterAll });
  const tokens: Record<string, string> = {};
  let companyId = '';

  beforeAll(async () => {
    // Lea registers Shell NV and appoints Carl its only Chief Access Manager; Carl, who has proven
    // his email, grants Chaman to Ivy and appoints Sam an Access Manager.
    tokens.lea = await person(env.product, 'lea@shell.be', 'Lea', 'Legal');
    tokens.carl = await person(env.product, 'carl@shell.be', 'Carl', 'Chief');
    const link = new URL(await mailedLink(env.product, 'carl@shell.be', '/verify-email'));
    await api(env.product, `mutation($t: String!) { verifyEmail(token: $t) { id } }`, { t: link.searchParams.get('token') });
    const company = await api<{ registerEmployer: { id: string } }>(
      env.product,
      `mutation { registerEmployer(input: { enterpriseNumber: "0203.201.340", name: "Shell NV" }) { id } }`,
      {},
      tokens.lea,
    );
    companyId = company.registerEmployer.id;
    const appoint = (role: string, email: string, by: string) =>
      api(env.product, `mutation($i: AppointInput!) { ${role}(input: $i) { id } }`, { i: { companyId: company.registerEmployer.id, email } }, by);
    await appoint('appointChiefAccessManager', 'carl@shell.be', tokens.lea);
    await appoint('grantChamanAccess', 'ivy@shell.be', tokens.carl);
    await appoint('appointAccessManager', 'sam@shell.be', tokens.carl);
    tokens.sam = await person(env.product, 'sam@shell.be', 'Sam', 'Manager');
    tokens.nora = await person(env.product, 'nora@shell.be', 'Nora', 'Nobody');
  });

  it('sends a signed-out visitor of the certificates page to sign in, and back there afterwards', async () => {
    const { page, errors } = env.session;
    await page.goto(`${env.product.url}/chaman/certificates`);
    await page.getByRole('form', { name: 'Sign in' }).waitFor();
    expect(new URL(page.url()).searchParams.get('next')).toBe('/chaman/certificates');
    await signIn(page, 'carl@shell.be');
    await page.waitForURL((u) => u.pathname === '/chaman/certificates');
    await page.getByRole('heading', { level: 1, name: 'Certificates' }).waitFor();
    expect(errors).toEqual([]);
  });

  it('ignores a ?next= that leaves the site', async () => {
    const { page, context } = env.session;
    await context.clearCookies();
    for (const next of ['https://evil.example/chaman', '//evil.example', '/\\evil.example']) {
      await page.goto(`${env.product.url}/sign-in?next=${encodeURIComponent(next)}`);
      await signIn(page, 'carl@shell.be');
      await page.getByRole('heading', { level: 1, name: 'Configure your REST channel' }).waitFor();
      expect(new URL(page.url()).origin, next).toBe(env.product.url);
      expect(new URL(page.url()).pathname, next).toBe('/');
      await context.clearCookies();
    }
  });

  it('keeps the page to return to from sign-in to sign-up', async () => {
    const { page, context } = env.session;
    await context.clearCookies();
    await page.goto(`${env.product.url}/access`);
    await page.getByRole('form', { name: 'Sign in' }).waitFor();
    await page.getByRole('link', { name: 'No account yet? Sign up' }).click();
    const form = page.getByRole('form', { name: 'Sign up' });
    await form.waitFor();
    expect(new URL(page.url()).searchParams.get('next')).toBe('/access');
    await form.getByLabel('Email').fill('newcomer@shell.be');
    await form.getByLabel('Password').fill(PASSWORD);
    await form.getByLabel('First name').fill('New');
    await form.getByLabel('Last name').fill('Comer');
    await form.getByRole('button', { name: 'Sign up' }).click();
    await page.waitForURL((u) => u.pathname === '/access');
    // A newcomer has no role: the page says how to get one.
    await page.getByRole('heading', { level: 1, name: 'You have no role in a company yet' }).waitFor();
  });

  it('says that the session expired and sends the person to sign in again, then back', async () => {
    const { page, context } = env.session;
    await context.clearCookies();
    await page.goto(`${env.product.url}/sign-in`);
    await signIn(page, 'carl@shell.be');
    await page.getByRole('heading', { level: 1, name: 'Configure your REST channel' }).waitFor();
    // Carl leaves the browser open for nine hours (the idle limit is eight).
    // (Only the browser's session, the newest: the test's own API sessions stay in force.)
    sql(
      env.product,
      `UPDATE credential SET last_used_at = ? WHERE id = (SELECT id FROM credential WHERE kind = 'SESSION' ORDER BY created_at DESC LIMIT 1)`,
      Date.now() - 9 * 3600_000,
    );
    await page.goto(`${env.product.url}/access`);
    await page.getByRole('alert').filter({ hasText: 'Your session has expired, sign in again' }).waitFor();
    await page.getByRole('form', { name: 'Sign in' }).waitFor();
    await signIn(page, 'carl@shell.be');
    await page.getByRole('heading', { level: 1, name: 'Access management' }).waitFor();
    expect(await page.getByText('Your session has expired, sign in again').count()).toBe(0);
  });

  it('tells a person without a role how to get one, with their email', async () => {
    const { page, context } = env.session;
    await context.clearCookies();
    await page.goto(`${env.product.url}/sign-in?next=/chaman`);
    await signIn(page, 'nora@shell.be');
    await page.getByRole('heading', { level: 1, name: 'You have no role in a company yet' }).waitFor();
    await page.getByText('nora@shell.be', { exact: true }).waitFor();
    await page.getByRole('link', { name: 'Register an employer' }).first().waitFor();
    expect(await page.getByText("ask your company's Chief Access Manager or an Access Manager").count()).toBe(1);
    await page.goto(`${env.product.url}/audit`);
    await page.getByRole('heading', { level: 1, name: 'You have no role in a company yet' }).waitFor();
  });

  it('lists people and roles in words, asks before revoking, and does not offer to revoke the last Chief Access Manager', async () => {
    const { page, context } = env.session;
    await context.clearCookies();
    await page.goto(`${env.product.url}/sign-in?next=/access`);
    await signIn(page, 'carl@shell.be');
    const table = page.getByRole('table', { name: 'People and roles' });
    await table.waitFor();
    const row = (text: string) => table.getByRole('row').filter({ hasText: text });
    await row('ivy@shell.be').getByText('Invitation sent').waitFor();
    // Sam signed up but has not proven his email yet: his role waits.
    await row('sam@shell.be').getByText('Invitation sent').waitFor();
    await row('Carl Chief').filter({ hasText: 'Chief Access Manager' }).getByText('Active').waitFor();
    await row('Lea Legal').filter({ hasText: 'Legal representative' }).getByText('Active').waitFor();
    expect(await table.getByText('CHIEF_ACCESS_MANAGER').count()).toBe(0);
    // Carl is the only Chief Access Manager, and not the legal representative: revoking him is not offered.
    await page.getByRole('button', { name: 'Revoke the role Access Manager of sam@shell.be' }).waitFor();
    expect(await page.getByRole('button', { name: 'Revoke the role Chief Access Manager of Carl Chief' }).count()).toBe(0);

    // Revoking asks first, naming the person and the role; cancelling keeps the role.
    await page.getByRole('button', { name: 'Revoke the role Chaman - technical channel management of ivy@shell.be' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText('Revoke the role Chaman - technical channel management of ivy@shell.be?').waitFor();
    await dialog.getByText(/invitation of ivy@shell\.be .* for Shell NV/).waitFor();
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'detached' });
    await row('ivy@shell.be').getByText('Invitation sent').waitFor();

    await page.getByRole('button', { name: 'Revoke the role Chaman - technical channel management of ivy@shell.be' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Revoke' }).click();
    await row('ivy@shell.be').getByText('Revoked').waitFor();

    // Someone else revoked Sam's role meanwhile: the server's refusal shows on the page, not in a pop-up.
    const popups: string[] = [];
    page.on('dialog', (d) => {
      popups.push(d.message());
      void d.dismiss();
    });
    const { company } = await api<{ company: { roleAssignments: { nodes: { id: string; email: string }[] } } }>(
      env.product,
      `query($id: ID!) { company(id: $id) { roleAssignments(first: 10) { nodes { id email } } } }`,
      { id: companyId },
      tokens.carl,
    );
    const sam = company.roleAssignments.nodes.find((a) => a.email === 'sam@shell.be')!;
    await api(env.product, `mutation($i: RevokeRoleInput!) { revokeRole(input: $i) { id } }`, { i: { roleAssignmentId: sam.id } }, tokens.carl);
    await page.getByRole('button', { name: 'Revoke the role Access Manager of sam@shell.be' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Revoke' }).click();
    await page.getByRole('alert').filter({ hasText: 'The role was not revoked' }).waitFor();
    await row('sam@shell.be').getByText('Revoked').waitFor();
    expect(popups).toEqual([]);
  });

  it('validates the email of an appointment in the browser, marking the field', async () => {
    const { page } = env.session;
    const form = page.getByRole('form', { name: 'Appoint an Access Manager' });
    await form.getByRole('button', { name: 'Appoint' }).click();
    await form.getByText('Enter the email address of the person.').waitFor();
    expect(await form.getByLabel('Email').getAttribute('aria-invalid')).toBe('true');
    await form.getByLabel('Email').fill('not an email');
    await form.getByRole('button', { name: 'Appoint' }).click();
    await form.getByText('This is not an email address: write it as name@company.be.').waitFor();
  });

  it('fits a phone on every route: no page scrolls sideways at 375 px', async () => {
    const { page, context } = env.session;
    // Every route of the router (the catch-all as an unknown address), so a new page is not forgotten.
    const router = readFileSync(fileURLToPath(new URL('../../packages/admin-ui/src/router.ts', import.meta.url)), 'utf8');
    const declared = [...router.matchAll(/path: '([^']+)'/g)].map((m) => m[1]!);
    const visit: Record<string, string> = { '/chaman/accounts/:clientId': '/chaman/accounts/self_service_expeditor_1', '/:pathMatch(.*)*': '/no/such/page' };
    const paths = declared.map((p) => visit[p] ?? p);
    expect(paths.every((p) => !p.includes(':'))).toBe(true);
    await context.clearCookies();
    await page.setViewportSize({ width: 375, height: 740 });
    await page.goto(`${env.product.url}/sign-in`);
    await signIn(page, 'carl@shell.be');
    await page.getByRole('heading', { level: 1, name: 'Configure your REST channel' }).waitFor();
    for (const path of paths) {
      await page.goto(`${env.product.url}${path}`);
      // Some pages say "not visible to you" without a heading: wait for the page's first words.
      await page.locator('main').locator('h1, p').first().waitFor();
      await page.waitForLoadState('networkidle');
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      expect.soft(width, path).toBeLessThanOrEqual(375);
    }
    // The Playground says it needs a wider screen rather than breaking.
    await page.goto(`${env.product.url}/playground`);
    await page.getByRole('heading', { level: 1, name: 'Playground' }).waitFor();
    await page.getByText('The Playground needs a wider screen').waitFor();
    // The navigation is one Menu button away.
    await page.goto(`${env.product.url}/`);
    await page.getByRole('button', { name: 'Menu' }).click();
    await page.getByRole('dialog').getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Access management' }).click();
    await page.getByRole('heading', { level: 1, name: 'Access management' }).waitFor();
    await page.setViewportSize({ width: 1280, height: 800 });
  });

  it('keeps the header and every navigation item on one line at 1280 px, in every language', async () => {
    const { page, context } = env.session;
    await page.setViewportSize({ width: 1280, height: 800 });
    await context.clearCookies();
    await page.goto(`${env.product.url}/sign-in?next=/access`);
    await signIn(page, 'carl@shell.be');
    await page.getByRole('heading', { level: 1, name: 'Access management' }).waitFor();
    const labels = { fr: 'Language', nl: 'Langue', de: 'Taal', en: 'Sprache' } as const;
    for (const [lang, label] of Object.entries(labels)) {
      await page.getByLabel(label, { exact: true }).selectOption(lang);
      await page.waitForFunction((l) => document.documentElement.lang === l, lang);
      const header = await page.getByRole('banner').boundingBox();
      expect(header?.height, lang).toBeLessThanOrEqual(57);
      const links = page.getByRole('navigation', { name: /./ }).first().getByRole('link');
      const heights = await links.evaluateAll((as) => as.map((a) => (a as HTMLElement).getBoundingClientRect().height));
      expect(heights.length, lang).toBeGreaterThan(3);
      expect(Math.max(...heights) - Math.min(...heights), lang).toBe(0);
      expect(await page.evaluate(() => document.documentElement.scrollWidth), lang).toBeLessThanOrEqual(1280);
    }
  });
});
