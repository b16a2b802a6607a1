import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeCertificate } from '@chaman/domain/test-support';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { useProductAndBrowser } from '../helper.js';

async function register(page: Page, url: string, enterpriseNumber: string, name: string) {
  await page.goto(`${url}/register`);
  const form = page.getByRole('form', { name: 'Register an employer' });
  await form.getByLabel('Enterprise number').fill(enterpriseNumber);
  await form.getByLabel('Company name').fill(name);
  await form.getByRole('button', { name: 'Register' }).click();
  await page.getByRole('heading', { level: 1, name: 'Access management' }).waitFor();
  const cam = page.getByRole('form', { name: 'Appoint a Chief Access Manager' });
  await cam.getByLabel('Email').fill('max@multi.be');
  await cam.getByRole('button', { name: 'Appoint' }).click();
  await page.getByRole('form', { name: 'Grant Chaman access' }).waitFor();
}

describe('several companies, mandates and certificates, through the UI', () => {
  const env = useProductAndBrowser({ beforeAll, afterEach, afterAll });

  it('switches between two companies, mandates one by the other, and accepts the mandate', async () => {
    const { page } = env.session;
    await page.goto(`${env.product.url}/sign-up`);
    const form = page.getByRole('form', { name: 'Sign up' });
    await form.getByLabel('Email').fill('max@multi.be');
    await form.getByLabel('Password').fill('correct horse battery staple');
    await form.getByLabel('First name').fill('Max');
    await form.getByLabel('Last name').fill('Multi');
    await form.getByRole('button', { name: 'Sign up' }).click();
    await page.getByRole('form', { name: 'Register an employer' }).waitFor();
    await register(page, env.product.url, '0203.201.340', 'Mandator NV');
    await register(page, env.product.url, '0100.000.070', 'Provider BV');

    const switcher = page.getByLabel('Company', { exact: true });
    await switcher.selectOption({ label: 'Mandator NV' });
    await page.getByText('Who may do what for Mandator NV.').waitFor();
    const mandate = page.getByRole('form', { name: 'Mandate a provider' });
    await mandate.getByLabel("Provider's enterprise number").fill('0100.000.070');
    await mandate.getByRole('button', { name: 'Mandate' }).click();
    await page.getByText('Provider BV (0100000070)').waitFor();

    await switcher.selectOption({ label: 'Provider BV' });
    await page.getByText('Who may do what for Provider BV.').waitFor();
    await page.getByRole('button', { name: 'Accept' }).click();
    await page.getByRole('button', { name: 'Accept' }).waitFor({ state: 'detached' });
    expect(await page.getByText('Mandator NV (0203201340)').count()).toBe(1);
    await env.session.screenshot('mandates');
    expect(env.session.errors).toEqual([]);
  });

  it('uploads a certificate on the certificates page and renames it in place', async () => {
    const { page } = env.session;
    const file = join(env.product.dataDir, 'upload.pem');
    writeFileSync(file, makeCertificate({ key: 'ec:P-384', cn: 'upload.multi.be' }).certPem);
    await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Certificates' }).click();
    await page.getByRole('button', { name: 'Upload a certificate' }).first().click();
    const upload = page.getByRole('form', { name: 'Upload a certificate' });
    await upload.getByLabel('Certificate', { exact: true }).setInputFiles(file);
    await upload.getByRole('button', { name: 'Upload a certificate' }).click();
    await page.getByRole('cell', { name: 'upload', exact: true }).waitFor();
    await page.getByRole('button', { name: 'Rename upload' }).click();
    const rename = page.getByRole('form', { name: 'Rename upload' });
    await rename.getByLabel('New name').fill('Production 2026');
    await rename.getByRole('button', { name: 'Rename' }).click();
    await page.getByRole('cell', { name: 'Production 2026', exact: true }).waitFor();
    expect(env.session.errors).toEqual([]);
  });
});
