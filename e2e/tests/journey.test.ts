import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeCertificate, privateKey } from '@chaman/domain/test-support';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { mailedLink, useProductAndBrowser } from '../helper.js';

const PASSWORD = 'correct horse battery staple';

async function signUp(page: Page, url: string, email: string, first: string, last: string) {
  await page.goto(`${url}/sign-up`);
  const form = page.getByRole('form', { name: 'Sign up' });
  await form.getByLabel('Email').fill(email);
  await form.getByLabel('Password').fill(PASSWORD);
  await form.getByLabel('First name').fill(first);
  await form.getByLabel('Last name').fill(last);
  await form.getByRole('button', { name: 'Sign up' }).click();
}

/** The client ID the success box of "Add a Web service account" shows. */
async function createdClientId(page: Page): Promise<string> {
  const box = page.getByRole('status').filter({ hasText: 'Your REST account is ready' });
  return (await box.getByText(/^self_service_expeditor_\d+$/).first().textContent())!;
}

describe('the seed journey, through the UI alone', () => {
  const env = useProductAndBrowser({ beforeAll, afterEach, afterAll });
  const files: Record<string, string> = {};
  beforeAll(async () => {
    const good = makeCertificate({ key: 'rsa:2048', cn: 'payroll.acme.be' });
    files.good = join(env.product.dataDir, 'payroll.pem');
    writeFileSync(files.good, good.certPem);
    files.weak = join(env.product.dataDir, 'weak.pem');
    writeFileSync(files.weak, makeCertificate({ key: 'rsa:1024' }).certPem);
    files.key = join(env.product.dataDir, 'private.key');
    writeFileSync(files.key, privateKey('ec:P-384'));
    files.rotation = join(env.product.dataDir, 'rotation.pem');
    writeFileSync(files.rotation, makeCertificate({ key: 'ec:P-521', cn: 'rotation.acme.be' }).certPem);
    files.soon = join(env.product.dataDir, 'soon.pem');
    writeFileSync(files.soon, makeCertificate({ key: 'ec:P-384', cn: 'soon.acme.be', notAfter: new Date(Date.now() + 10 * 86_400_000) }).certPem);
    files.second = join(env.product.dataDir, 'it.pem');
    writeFileSync(files.second, makeCertificate({ key: 'ec:P-384', cn: 'it.acme.be' }).certPem);
  });

  it('a person signs up, registers an employer, appoints herself Chief Access Manager and grants Chaman access', async () => {
    const { page, errors } = env.session;
    await signUp(page, env.product.url, 'lea@acme.be', 'Lea', 'Legal');
    await page.getByText('Check your mail').waitFor();
    // Lea follows the link of the mail she got at once: the banner asking for it goes.
    await page.goto(await mailedLink(env.product, 'lea@acme.be', '/verify-email'));
    await page.getByText('lea@acme.be is confirmed').waitFor();
    await page.getByRole('link', { name: 'Continue' }).click();
    await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Register an employer' }).click();
    const register = page.getByRole('form', { name: 'Register an employer' });
    await register.waitFor();
    await register.getByLabel('Enterprise number').fill('0203.201.341');
    await register.getByText(/should be 40/).waitFor();
    await register.getByLabel('Enterprise number').fill('0203.201.340');
    await register.getByLabel('Company name').fill('Acme NV');
    await env.session.screenshot('register-employer');
    await register.getByRole('button', { name: 'Register' }).click();

    await page.getByRole('heading', { level: 1, name: 'Access management' }).waitFor();
    // A legal representative is offered only the appointment of a Chief Access Manager.
    expect(await page.getByRole('form', { name: 'Grant Chaman access' }).count()).toBe(0);
    const cam = page.getByRole('form', { name: 'Appoint a Chief Access Manager' });
    await cam.getByLabel('Email').fill('lea@acme.be');
    await cam.getByRole('button', { name: 'Appoint' }).click();
    const grant = page.getByRole('form', { name: 'Grant Chaman access' });
    await grant.waitFor();
    await grant.getByLabel('Email').fill('ian@acme.be');
    await grant.getByRole('button', { name: 'Grant' }).click();
    await page.getByRole('cell', { name: 'ian@acme.be', exact: true }).waitFor();
    await page.getByText('Invitation sent').waitFor();
    await env.session.screenshot('access-management');
    expect(errors).toEqual([]);
  });

  it('judges a bad certificate in the browser before upload, then adds a REST account and shows its client ID', async () => {
    const { page } = env.session;
    await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Chaman' }).click();
    await page.getByRole('heading', { level: 1, name: 'Web service channels' }).waitFor();
    await page.getByRole('button', { name: 'Add a Web service account' }).first().click();
    const form = page.getByRole('form', { name: 'Add a Web service account' });
    await form.getByRole('radio', { name: 'REST' }).check();
    await form.getByLabel('Name', { exact: true }).fill('Payroll');
    await form.getByRole('checkbox', { name: 'Dimona: declare' }).click();

    await form.getByLabel('Certificate', { exact: true }).setInputFiles(files.key!);
    await form.getByRole('alert').getByText('This file is a private key. Upload the certificate; never share the private key.').waitFor();
    await form.getByLabel('Certificate', { exact: true }).setInputFiles(files.weak!);
    await form.getByRole('alert').getByText('RSA key of 1024 bits; allowed: 2048, 3072 or 4096 bits').waitFor();
    // Validate sends nothing while the file is refused: the form stays, the refusal with it.
    await form.getByRole('button', { name: 'Validate' }).click();
    await form.getByRole('alert').getByText('RSA key of 1024 bits; allowed: 2048, 3072 or 4096 bits').waitFor();
    expect(await page.getByRole('heading', { name: 'Your REST account is ready' }).count()).toBe(0);
    await env.session.screenshot('certificate-refused');

    await form.getByLabel('Certificate', { exact: true }).setInputFiles(files.good!);
    await expect.poll(() => form.getByRole('alert').count()).toBe(0);
    await form.getByLabel('Certificate name').fill('Payroll 2026');
    await form.getByRole('button', { name: 'Validate' }).click();
    const clientId = await createdClientId(page);
    expect(clientId).toMatch(/^self_service_expeditor_\d+$/);
    await page.getByRole('status').getByRole('button', { name: 'Copy Client ID' }).waitFor();
    await page.getByRole('status').getByText(`${env.product.url}/REST/oauth/v5/token`).waitFor();
    await page.getByRole('cell', { name: 'Payroll', exact: true }).waitFor();
    // The drawer slides away: the picture is of the page once it has gone.
    await page.locator('.n-drawer').waitFor({ state: 'detached' });
    await env.session.screenshot('web-service-channels');
  });

  it('the colleague signs up, sees Chaman, creates an account, and is not offered access management', async () => {
    const { context } = env.session;
    await context.clearCookies();
    const page = env.session.page;
    await signUp(page, env.product.url, 'ian@acme.be', 'Ian', 'Tech');
    // The role waits until Ian proves the address is his: he follows the link of the mail he got.
    await page.getByText('Check your mail').waitFor();
    await page.goto(await mailedLink(env.product, 'ian@acme.be', '/verify-email'));
    await page.getByText('ian@acme.be is confirmed').waitFor();
    await page.getByText('Your roles are now active for: Acme NV.').waitFor();
    const nav = page.getByRole('navigation', { name: 'Main navigation' });
    await nav.getByRole('link', { name: 'Chaman' }).waitFor();
    expect(await nav.getByRole('link', { name: 'Access management' }).count()).toBe(0);
    await nav.getByRole('link', { name: 'Chaman' }).click();
    await page.getByRole('button', { name: 'Add a Web service account' }).first().click();
    const form = page.getByRole('form', { name: 'Add a Web service account' });
    await form.getByRole('radio', { name: 'REST' }).check();
    await form.getByLabel('Name', { exact: true }).fill('IT integration');
    await form.getByRole('checkbox', { name: 'Demo API' }).click();
    await form.getByLabel('Certificate', { exact: true }).setInputFiles(files.second!);
    await form.getByRole('button', { name: 'Validate' }).click();
    expect(await createdClientId(page)).toMatch(/^self_service_expeditor_\d+$/);
    expect(env.session.errors).toEqual([]);
  });

  it("rotates an account's certificate on its page, then deletes it after a confirmation naming the client ID", async () => {
    const { page } = env.session;
    await page.getByRole('link', { name: 'IT integration', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'IT integration' }).waitFor();
    const help = page.getByRole('region', { name: 'Getting a token' });
    await help.getByText(`${env.product.url}/REST/oauth/v5/token`).first().waitFor();
    expect(await help.getByLabel('get-token.sh', { exact: true }).textContent()).toContain('grant_type=client_credentials');
    await page.getByRole('tab', { name: 'Certificates' }).click();
    const add = page.getByRole('form', { name: 'Add a certificate' });
    await add.getByLabel('Certificate', { exact: true }).setInputFiles(files.rotation!);
    await add.getByRole('button', { name: 'Add a certificate' }).click();
    await page.getByRole('button', { name: 'Remove it' }).first().waitFor();
    await env.session.screenshot('account');
    await page.getByRole('button', { name: 'Remove it' }).first().click();
    await page.getByRole('dialog').getByText('Remove certificate “it” from IT integration?').waitFor();
    await page.getByRole('dialog').getByRole('button', { name: 'Remove' }).click();
    await expect.poll(() => page.getByRole('button', { name: /^Remove/ }).count()).toBe(0);
    const clientId = (await page.getByRole('main').getByText(/^self_service_expeditor_\d+$/).first().textContent())!;
    await page.getByRole('tab', { name: 'Settings' }).click();
    await page.getByRole('button', { name: 'Delete', exact: true }).click();
    await page.getByRole('dialog').getByText(`Delete ${clientId}?`, { exact: false }).first().waitFor();
    await page.getByRole('button', { name: `Delete ${clientId} for good` }).click();
    await page.getByRole('heading', { level: 1, name: 'Web service channels' }).waitFor();
    expect(await page.getByRole('link', { name: 'IT integration', exact: true }).count()).toBe(0);
  });

  it('warns about a certificate ending soon, lists certificates, and shows the audit log to the chief', async () => {
    const { page, context } = env.session;
    await page.getByRole('button', { name: 'Add a Web service account' }).first().click();
    const form = page.getByRole('form', { name: 'Add a Web service account' });
    await form.getByRole('radio', { name: 'REST' }).check();
    await form.getByLabel('Name', { exact: true }).fill('Short-lived');
    await form.getByRole('checkbox', { name: 'Demo API' }).click();
    await form.getByLabel('Certificate', { exact: true }).setInputFiles(files.soon!);
    await form.getByRole('button', { name: 'Validate' }).click();
    await createdClientId(page);
    await page.reload();
    await page.getByRole('status').getByText(/ends in \d+ days/).waitFor();
    await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Certificates' }).click();
    await page.getByRole('heading', { level: 1, name: 'Certificates' }).waitFor();
    await page.getByRole('cell', { name: 'soon', exact: true }).waitFor();
    await env.session.screenshot('certificates');

    await context.clearCookies();
    await page.goto(`${env.product.url}/sign-in`);
    const signIn = page.getByRole('form', { name: 'Sign in' });
    await signIn.getByLabel('Email').fill('lea@acme.be');
    await signIn.getByLabel('Password').fill(PASSWORD);
    await signIn.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Audit log' }).click();
    // Each entry a sentence with the names it concerns, not a code.
    const deleted = page.getByText(/ deleted the REST account .+ \(self_service_expeditor_\d+\)$/);
    await deleted.first().waitFor();
    await page.getByLabel('Action').selectOption({ label: 'Role given' });
    await deleted.first().waitFor({ state: 'detached' });
    await expect.poll(() => page.getByText(/^Lea Legal (gave .+ the role|invited .+ to take the role) /).count()).toBe(2);
    await env.session.screenshot('audit-log');
    expect(env.session.errors).toEqual([]);
  });

  it('opens the playground, bundled locally, and runs a query with the session', async () => {
    const { page } = env.session;
    const external: string[] = [];
    page.on('request', (r) => {
      if (!r.url().startsWith(env.product.url) && !r.url().startsWith('data:') && !r.url().startsWith('blob:')) external.push(r.url());
    });
    await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Playground' }).click();
    await page.locator('.graphiql-container').waitFor();
    // The document holds several examples: put the cursor in the Me query and run it (Ctrl-Enter
    // runs the operation under the cursor).
    await page.locator('.graphiql-query-editor').getByText('me { email').click();
    await page.keyboard.press('Control+Enter');
    await page.locator('.result-window').getByText('lea@acme.be').waitFor();
    await env.session.screenshot('playground');
    expect(external).toEqual([]);
  });
});
