import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { useProductAndBrowser } from '../helper.js';

describe('the built product', () => {
  const env = useProductAndBrowser({ beforeAll, afterEach, afterAll });

  it('answers /healthz', async () => {
    const r = await fetch(`${env.product.url}/healthz`);
    expect(r.status).toBe(200);
    expect(await r.json()).toEqual({ status: 'ok' });
  });

  it('answers { __typename } on /graphql', async () => {
    const r = await fetch(`${env.product.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    expect(await r.json()).toEqual({ data: { __typename: 'Query' } });
  });

  it('loads the admin UI without console errors, and shows what the product does', async () => {
    const { page, errors } = env.session;
    await page.goto(env.product.url);
    await page.getByRole('heading', { level: 1, name: 'Configure your REST channel' }).waitFor();
    await page.getByText(/^Server \d+\.\d+\.\d+$/).waitFor();
    expect(await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Home' }).count()).toBe(1);
    await env.session.screenshot('home');
    expect(errors).toEqual([]);
  });

  it('switches language and remembers the choice', async () => {
    const { page, errors } = env.session;
    await page.goto(env.product.url);
    await page.getByLabel('Language').selectOption('fr');
    await page.getByRole('heading', { level: 1, name: 'Configurez votre canal REST' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('fr');
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Configurez votre canal REST' }).waitFor();
    await page.getByLabel('Langue').selectOption('en');
    await page.getByRole('heading', { level: 1, name: 'Configure your REST channel' }).waitFor();
    expect(errors).toEqual([]);
  });

  it('serves client-side routes from the server (deep link), with a not-found page', async () => {
    const { page } = env.session;
    const response = await page.goto(`${env.product.url}/no/such/page`);
    expect(response?.status()).toBe(200);
    await page.getByRole('heading', { name: 'Page not found' }).waitFor();
    await page.getByRole('link', { name: 'Back to the home page' }).click();
    await page.getByRole('heading', { level: 1, name: 'Configure your REST channel' }).waitFor();
  });
});
