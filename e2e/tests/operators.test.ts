import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { mailedLink, openBrowser, startProduct, type BrowserSession, type Product } from '../helper.js';

const OPERATOR = 'olga@operators.example';

async function signUp(page: Page, url: string, email: string, firstName: string) {
  await page.goto(`${url}/sign-up`);
  const form = page.getByRole('form', { name: 'Sign up' });
  await form.getByLabel('Email').fill(email);
  await form.getByLabel('Password').fill('correct horse battery staple');
  await form.getByLabel('First name').fill(firstName);
  await form.getByLabel('Last name').fill('Tester');
  await form.getByRole('button', { name: 'Sign up' }).click();
  await page.getByRole('form', { name: 'Register an employer' }).waitFor();
}

describe('a platform operator approves employers through the UI', () => {
  let product: Product;
  let session: BrowserSession;
  beforeAll(async () => {
    product = await startProduct({ EMPLOYER_APPROVAL: 'operator', OPERATOR_EMAILS: OPERATOR });
    session = await openBrowser();
  });
  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail') await session?.screenshot(`failed-${ctx.task.name.replace(/\W+/g, '-')}`);
  });
  afterAll(async () => {
    await session?.close();
    await product?.stop();
  });

  it('shows the registrant that the company awaits approval, and the operator the queue to approve it', async () => {
    const { page } = session;
    await signUp(page, product.url, 'rita@registrant.be', 'Rita');
    const form = page.getByRole('form', { name: 'Register an employer' });
    await form.getByLabel('Enterprise number').fill('0203.201.340');
    await form.getByLabel('Company name').fill('Waiting NV');
    await form.getByRole('button', { name: 'Register' }).click();
    await page.getByText('Waiting NV is awaiting approval').waitFor();
    const nav = page.getByRole('navigation', { name: 'Main navigation' });
    expect(await nav.getByRole('link', { name: 'Access management' }).count()).toBe(0);
    expect(await nav.getByRole('link', { name: 'Operator' }).count()).toBe(0);
    await page.getByRole('button', { name: 'Sign out' }).click();

    await signUp(page, product.url, OPERATOR, 'Olga');
    // An operator is one whose listed email is proven: Olga follows the link of her mail.
    await page.goto(await mailedLink(product, OPERATOR, '/verify-email'));
    await page.getByText(`${OPERATOR} is confirmed`).waitFor();
    await nav.getByRole('link', { name: 'Operator' }).click();
    await page.getByRole('heading', { level: 1, name: 'Employers awaiting approval' }).waitFor();
    await page.getByText('Rita Tester <rita@registrant.be>').waitFor();
    await session.screenshot('operator');
    await page.getByRole('button', { name: 'Approve Waiting NV' }).click();
    await page.getByText('Waiting NV is approved.').waitFor();
    await page.getByText('No registration is waiting.').waitFor();
    expect(session.errors).toEqual([]);
  });
});
