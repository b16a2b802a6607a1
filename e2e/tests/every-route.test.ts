import axe from 'axe-core';
import { makeCertificate } from '@chaman/domain/test-support';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openBrowser, startProduct, type BrowserSession, type Product } from '../helper.js';

/**
 * Every route of the admin UI, as a signed-in Chief Access Manager with data on every page, at
 * 1280 and 375 px: axe-core (run inside Chromium) finds no serious or critical WCAG 2.1 A/AA
 * violation, and the page never scrolls sideways.
 */
const OPERATOR = 'olga@operators.example';
const PASSWORD = 'correct horse battery staple';
/** axe-core's own script, evaluated in the page. */
const axeSource = axe.source;

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

async function graphql<T>(product: Product, query: string, variables: Record<string, unknown>, token?: string): Promise<T> {
  const r = await fetch(`${product.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await r.json()) as { data?: T; errors?: { message: string }[] };
  if (body.errors?.length) throw new Error(`${query.slice(0, 60)}: ${body.errors.map((e) => e.message).join('; ')}`);
  return body.data as T;
}

/** The serious and critical violations axe finds on the page as it is now. */
async function axeViolations(page: Page): Promise<string[]> {
  // Evaluated through the DevTools protocol: the product's CSP (rightly) refuses inline scripts.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: Document, o: object) => Promise<{ violations: AxeViolation[] }> } }).axe;
    const r = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
    return r.violations;
  });
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')})`);
}

/** How far the page scrolls sideways, and the innermost elements that stick out (to say what to fix). */
async function horizontalOverflow(page: Page): Promise<{ by: number; culprits: string[] }> {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const by = document.documentElement.scrollWidth - width;
    // Sticking out of the page, not merely out of a frame that scrolls (or clips) it.
    const clipped = (e: Element) => {
      for (let a = e.parentElement; a && a !== document.body; a = a.parentElement) {
        if (getComputedStyle(a).overflowX !== 'visible' && a.getBoundingClientRect().right <= width + 1) return true;
      }
      return false;
    };
    const out = Array.from(document.querySelectorAll('body *')).filter((e) => e.getBoundingClientRect().right > width + 1 && !clipped(e));
    const innermost = out.filter((e) => !out.some((o) => o !== e && e.contains(o)));
    const name = (e: Element) => `${e.tagName.toLowerCase()}${e.id ? `#${e.id}` : ''}${Array.from(e.classList).slice(0, 2).map((c) => `.${c}`).join('')}`;
    return { by, culprits: innermost.slice(0, 3).map(name) };
  });
}

describe('every route: accessible (axe-core) and without horizontal scrolling, at 1280 and 375 px', () => {
  let product: Product;
  let session: BrowserSession;
  let clientId = '';

  beforeAll(async () => {
    product = await startProduct({ OPERATOR_EMAILS: OPERATOR });
    session = await openBrowser();
    // A company with a REST account and a certificate, set up over the API: the pages have data to show.
    const signUp = `mutation($i: SignUpInput!) { signUp(input: $i) { token } }`;
    const { signUp: amy } = await graphql<{ signUp: { token: string } }>(product, signUp, {
      i: { email: OPERATOR, password: PASSWORD, firstName: 'Olga', lastName: 'Operator' },
    });
    const { registerEmployer } = await graphql<{ registerEmployer: { id: string } }>(
      product,
      `mutation($i: RegisterEmployerInput!) { registerEmployer(input: $i) { id } }`,
      { i: { enterpriseNumber: '0203.201.340', name: 'Every Route NV' } },
      amy.token,
    );
    const companyId = registerEmployer.id;
    await graphql(product, `mutation($i: AppointInput!) { appointChiefAccessManager(input: $i) { id } }`, { i: { companyId, email: OPERATOR } }, amy.token);
    await graphql(product, `mutation($i: AppointInput!) { appointAccessManager(input: $i) { id } }`, { i: { companyId, email: 'ivan@it.example' } }, amy.token);
    const { permissions } = await graphql<{ permissions: { code: string }[] }>(product, `{ permissions { code } }`, {}, amy.token);
    const pem = makeCertificate({ key: 'ec:P-384', cn: 'payroll.every-route.be' }).certPem;
    const { createRestAccount } = await graphql<{ createRestAccount: { clientId: string } }>(
      product,
      `mutation($i: CreateRestAccountInput!) { createRestAccount(input: $i) { clientId } }`,
      {
        i: {
          companyId,
          name: 'Payroll',
          permissionCodes: permissions.slice(0, 2).map((p) => p.code),
          certificate: { name: 'payroll 2026', content: Buffer.from(pem).toString('base64') },
        },
      },
      amy.token,
    );
    clientId = createRestAccount.clientId;
    const { hostname } = new URL(product.url);
    await session.context.addCookies([{ name: 'chaman_session', value: amy.token, domain: hostname, path: '/', httpOnly: true, sameSite: 'Lax' }]);
  });
  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail') await session?.screenshot(`failed-${ctx.task.name.replace(/\W+/g, '-')}`);
  });
  afterAll(async () => {
    await session?.close();
    await product?.stop();
  });

  const signedIn = () => ['/', '/access', '/chaman', `/chaman/accounts/${clientId}`, '/chaman/certificates', '/audit', '/account', '/operator', '/playground', '/no-such-page'];
  const signedOut = ['/sign-in', '/sign-up', '/forgot-password', '/reset-password?token=unknown', '/verify-email?token=unknown'];

  async function check(page: Page, path: string): Promise<string[]> {
    await page.goto(`${product.url}${path}`);
    await page.getByRole('heading', { level: 1 }).first().waitFor();
    // Data arrives after the first paint: let the page settle before judging it (a page that
    // polls is never idle; five seconds is plenty for the others).
    await page.waitForLoadState('networkidle', { timeout: 5_000 }).catch(() => undefined);
    const problems = await axeViolations(page);
    const overflow = await horizontalOverflow(page);
    if (overflow.by > 0) problems.push(`scrolls sideways by ${overflow.by} px (${overflow.culprits.join(', ')})`);
    return problems.map((p) => `${path}: ${p}`);
  }

  for (const width of [1280, 375]) {
    it(`signed in, at ${width} px`, async () => {
      const { page } = session;
      await page.setViewportSize({ width, height: 800 });
      const problems: string[] = [];
      for (const path of signedIn()) problems.push(...(await check(page, path)));
      expect(problems).toEqual([]);
      expect(session.errors).toEqual([]);
    });

    it(`signed out, at ${width} px`, async () => {
      const context = await session.browser.newContext({ locale: 'en-US', viewport: { width, height: 800 } });
      const page = await context.newPage();
      try {
        const problems: string[] = [];
        for (const path of signedOut) problems.push(...(await check(page, path)));
        expect(problems).toEqual([]);
      } finally {
        await context.close();
      }
    });
  }
});
