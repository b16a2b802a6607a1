import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeCertificate } from '@chaman/domain/test-support';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { useProductAndBrowser } from '../helper.js';

describe('keyboard and phone', () => {
  const env = useProductAndBrowser({ beforeAll, afterEach, afterAll });

  it('signs up and registers an employer with the keyboard alone', async () => {
    const { page } = env.session;
    await page.goto(`${env.product.url}/sign-up`);
    await page.getByRole('form', { name: 'Sign up' }).getByLabel('Email').focus();
    await page.keyboard.type('keys@acme.be');
    await page.keyboard.press('Tab');
    await page.keyboard.type('correct horse battery staple');
    // The password field's hint is not focusable: the next Tab reaches First name.
    await page.keyboard.press('Tab');
    await page.keyboard.type('Kay');
    await page.keyboard.press('Tab');
    await page.keyboard.type('Board');
    await page.keyboard.press('Enter');
    await page.getByRole('form', { name: 'Register an employer' }).getByLabel('Enterprise number').waitFor();
    await page.getByLabel('Enterprise number').focus();
    await page.keyboard.type('0203.201.340');
    await page.keyboard.press('Tab');
    await page.keyboard.type('Keyboard NV');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Access management' }).waitFor();
    expect(env.session.errors).toEqual([]);
  });

  it('adds a REST account with the keyboard, and moves focus to the new client ID', async () => {
    const { page } = env.session;
    // Kay is legal representative; appointing herself chief gives her Chaman.
    await page.goto(`${env.product.url}/access`);
    const cam = page.getByRole('form', { name: 'Appoint a Chief Access Manager' });
    await cam.getByLabel('Email').focus();
    await page.keyboard.type('keys@acme.be');
    await page.keyboard.press('Enter');
    await page.getByRole('form', { name: 'Grant Chaman access' }).waitFor();
    const file = join(env.product.dataDir, 'keys.pem');
    writeFileSync(file, makeCertificate({ key: 'ec:P-384', cn: 'keys.acme.be' }).certPem);

    await page.goto(`${env.product.url}/chaman`);
    await page.getByRole('button', { name: 'Add a Web service account' }).first().focus();
    await page.keyboard.press('Enter');
    const form = page.getByRole('form', { name: 'Add a Web service account' });
    await form.getByRole('radio', { name: 'REST' }).focus();
    await page.keyboard.press('Space');
    await page.keyboard.press('Tab');
    await page.keyboard.type('Keyboard account');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Space');
    expect(await form.getByRole('checkbox', { name: 'Dimona: declare' }).getAttribute('aria-checked')).toBe('true');
    // The file itself comes from the system's file dialog, outside the page.
    await form.getByLabel('Certificate', { exact: true }).setInputFiles(file);
    await form.getByLabel('Certificate name').focus();
    await page.keyboard.press('Enter');
    await page.getByRole('status').filter({ hasText: 'Your REST account is ready' }).getByText(/^self_service_expeditor_\d+$/).waitFor();
    // The focus moves there once the drawer has gone.
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe('Your REST account is ready');
    expect(env.session.errors).toEqual([]);
  });

  it('fits a phone: no horizontal scrolling on the main pages', async () => {
    const { page } = env.session;
    await page.setViewportSize({ width: 375, height: 740 });
    for (const path of ['/', '/access', '/chaman', '/chaman/certificates', '/audit']) {
      await page.goto(`${env.product.url}${path}`);
      await page.getByRole('heading', { level: 1 }).first().waitFor();
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow, path).toBeLessThanOrEqual(0);
    }
    await env.session.screenshot('phone-access-management');
  });
});
