import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeCertificate, opensslFingerprint } from '@chaman/domain/test-support';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { mailedLink, useProductAndBrowser } from '../helper.js';

const PASSWORD = 'correct horse battery staple';
const EMAIL = 'amy@channels.be';

describe('web service channels: long lists, the add form, certificates', () => {
  const env = useProductAndBrowser({ beforeAll, afterEach, afterAll });
  let token = '';
  let companyId = '';
  /** Client IDs of "Account 001" ... "Account 101", in the order they were made. */
  const clientIds: string[] = [];

  async function gql<T = Record<string, any>>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
    const r = await fetch(`${env.product.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await r.json()) as { data?: T; errors?: unknown[] };
    if (body.errors) throw new Error(JSON.stringify(body.errors));
    return body.data!;
  }

  // The 101 accounts come through the API (as a script would make them): the browser only reads them.
  beforeAll(async () => {
    const session = await gql(`mutation($input: SignUpInput!) { signUp(input: $input) { token } }`, {
      input: { email: EMAIL, password: PASSWORD, firstName: 'Amy', lastName: 'Manager' },
    });
    token = session.signUp.token;
    const link = new URL(await mailedLink(env.product, EMAIL, '/verify-email'));
    await gql(`mutation($t: String!) { verifyEmail(token: $t) { id } }`, { t: link.searchParams.get('token') });
    companyId = (await gql(`mutation { registerEmployer(input: { enterpriseNumber: "0203201340", name: "Channels NV" }) { id } }`)).registerEmployer.id;
    await gql(`mutation($c: ID!, $e: String!) { appointChiefAccessManager(input: { companyId: $c, email: $e }) { id } }`, { c: companyId, e: EMAIL });
    const shared = (
      await gql(`mutation($input: UploadCertificateInput!) { uploadCertificate(input: $input) { id } }`, {
        input: { companyId, name: 'shared', content: makeCertificate({ key: 'ec:P-384', cn: 'shared.channels.be' }).certPem },
      })
    ).uploadCertificate.id;
    for (let i = 1; i <= 101; i++) {
      const made = await gql(`mutation($input: CreateRestAccountInput!) { createRestAccount(input: $input) { clientId } }`, {
        input: { companyId, name: `Account ${String(i).padStart(3, '0')}`, permissionCodes: ['demo-consult'], certificateId: shared },
      });
      clientIds.push(made.createRestAccount.clientId);
    }
    const { page } = env.session;
    await page.goto(`${env.product.url}/sign-in`);
    const signIn = page.getByRole('form', { name: 'Sign in' });
    await signIn.getByLabel('Email').fill(EMAIL);
    await signIn.getByLabel('Password').fill(PASSWORD);
    await signIn.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Chaman' }).waitFor();
  }, 120_000);

  it('reaches the 101st account through the pages', async () => {
    const { page } = env.session;
    await page.goto(`${env.product.url}/chaman`);
    await page.getByRole('heading', { level: 1, name: 'Web service channels' }).waitFor();
    await page.getByRole('cell', { name: 'Account 101', exact: true }).waitFor();
    await page.getByText('Page 1 of 5 · 101 in all').waitFor();
    expect(await page.getByRole('cell', { name: 'Account 001', exact: true }).count()).toBe(0);
    for (let p = 2; p <= 5; p++) {
      await page.getByRole('button', { name: 'Next' }).click();
      await page.getByText(`Page ${p} of 5`).waitFor();
    }
    await page.getByRole('link', { name: 'Account 001' }).waitFor();
    expect(await page.getByRole('button', { name: 'Next' }).isDisabled()).toBe(true);
    await page.getByRole('button', { name: 'Previous' }).click();
    await page.getByText('Page 4 of 5').waitFor();
    await page.getByRole('cell', { name: 'Account 026', exact: true }).waitFor();
    expect(env.session.errors).toEqual([]);
  });

  it('reaches the 101st account through a search by name or by client ID', async () => {
    const { page } = env.session;
    await page.goto(`${env.product.url}/chaman`);
    const search = page.getByRole('searchbox', { name: 'Search by name or client ID' });
    await search.fill('account 001');
    await page.getByText('Page 1 of 1 · 1 in all').waitFor();
    await page.getByRole('link', { name: 'Account 001' }).waitFor();
    await search.fill(clientIds[0]!);
    await page.getByRole('link', { name: 'Account 001' }).waitFor();
    await expect.poll(() => page.getByRole('link', { name: /^Account \d+$/ }).count()).toBeLessThan(25);
    await search.fill('no such account');
    await page.getByText('No account\'s name or client ID contains “no such account”.').waitFor();
    await page.getByRole('button', { name: 'Clear the search' }).click();
    await page.getByRole('cell', { name: 'Account 101', exact: true }).waitFor();
    expect(env.session.errors).toEqual([]);
  });

  it('marks every missing field at once, shows what a picked file holds before Validate, and names the certificate after the file until edited', async () => {
    const { page } = env.session;
    const first = makeCertificate({ key: 'ec:P-384', cn: 'facts.channels.be' });
    const second = makeCertificate({ key: 'rsa:2048', cn: 'other.channels.be' });
    const files = { first: join(env.product.dataDir, 'payroll-2026.pem'), second: join(env.product.dataDir, 'payroll-2027.crt'), third: join(env.product.dataDir, 'third.pem') };
    writeFileSync(files.first, first.certPem);
    writeFileSync(files.second, second.certPem);
    writeFileSync(files.third, makeCertificate({ key: 'ec:P-384', cn: 'third.channels.be' }).certPem);
    await page.goto(`${env.product.url}/chaman`);
    await page.getByRole('button', { name: 'Add a Web service account' }).first().click();
    const form = page.getByRole('form', { name: 'Add a Web service account' });
    await form.getByRole('button', { name: 'Validate' }).click();
    await form.getByText('Give a name of 1 to 100 characters.').waitFor();
    await form.getByText('Choose at least one permission: each opens a REST API.').waitFor();
    await form.getByText('Choose the certificate file.').waitFor();

    await form.getByLabel('Certificate', { exact: true }).setInputFiles(files.first);
    const facts = form.getByRole('region', { name: 'Read from the file' });
    await facts.getByText('CN=facts.channels.be').first().waitFor();
    await facts.getByText('EC P-384').waitFor();
    await facts.getByText(opensslFingerprint(first)).waitFor();
    // The field's message fades out (naive-ui's feedback transition) rather than going at once.
    await form.getByText('Choose the certificate file.').waitFor({ state: 'detached' });
    expect(await form.getByLabel('Certificate name').inputValue()).toBe('payroll-2026');

    await form.getByLabel('Certificate', { exact: true }).setInputFiles(files.second);
    await facts.getByText('CN=other.channels.be').first().waitFor();
    await facts.getByText('RSA 2048 bits').waitFor();
    expect(await form.getByLabel('Certificate name').inputValue()).toBe('payroll-2027');

    await form.getByLabel('Certificate name').fill('Payroll production');
    await form.getByLabel('Certificate', { exact: true }).setInputFiles(files.third);
    await facts.getByText('CN=third.channels.be').first().waitFor();
    expect(await form.getByLabel('Certificate name').inputValue()).toBe('Payroll production');

    await form.getByLabel('Name', { exact: true }).fill('Facts first');
    await form.getByRole('checkbox', { name: 'Demo API' }).click();
    await form.getByRole('button', { name: 'Validate' }).click();
    const box = page.getByRole('status').filter({ hasText: 'Your REST account is ready' });
    await box.getByText(/^self_service_expeditor_\d+$/).waitFor();
    await box.getByRole('button', { name: 'Copy Client ID' }).waitFor();
    await box.getByText(`${env.product.url}/REST/oauth/v5/token`).waitFor();
    expect(env.session.errors).toEqual([]);
  });

  it('refuses a PEM of two unrelated certificates, saying why, before anything is sent', async () => {
    const { page } = env.session;
    const file = join(env.product.dataDir, 'two-leaves.pem');
    writeFileSync(file, makeCertificate({ key: 'ec:P-384', cn: 'one.channels.be' }).certPem + makeCertificate({ key: 'ec:P-384', cn: 'two.channels.be' }).certPem);
    await page.goto(`${env.product.url}/chaman`);
    await page.getByRole('button', { name: 'Add a Web service account' }).first().click();
    const form = page.getByRole('form', { name: 'Add a Web service account' });
    await form.getByLabel('Name', { exact: true }).fill('Two leaves');
    await form.getByRole('checkbox', { name: 'Demo API' }).click();
    await form.getByLabel('Certificate', { exact: true }).setInputFiles(file);
    const refusal = form.getByRole('alert').filter({ hasText: 'This certificate cannot be used' }).first();
    await refusal.getByText(/Certificate 2 of the file \(.*two\.channels\.be.*\) follows a self-signed certificate, which ends a chain/).waitFor();
    await form.getByRole('button', { name: 'Validate' }).click();
    await refusal.waitFor();
    expect(await page.getByRole('status').filter({ hasText: 'Your REST account is ready' }).count()).toBe(0);
    expect(await page.getByRole('link', { name: 'Two leaves' }).count()).toBe(0);
  });

  it('asks before removing a certificate from an account, naming both', async () => {
    const { page } = env.session;
    const clientId = clientIds[100]!;
    const account = (await gql(`query($c: String!) { restAccount(clientId: $c) { id } }`, { c: clientId })).restAccount.id;
    await gql(`mutation($input: AddRestAccountCertificateInput!) { addRestAccountCertificate(input: $input) { id } }`, {
      input: { accountId: account, certificate: { name: 'rotation 2027', content: makeCertificate({ key: 'ec:P-521', cn: 'rotation.channels.be' }).certPem } },
    });
    await page.goto(`${env.product.url}/chaman/accounts/${clientId}?tab=certificates`);
    await page.getByRole('heading', { level: 1, name: 'Account 101' }).waitFor();
    const table = page.getByRole('tabpanel', { name: 'Certificates' });
    await table.getByRole('cell', { name: /^rotation 2027/ }).waitFor();
    await table.getByText('Not in the last 30 days').first().waitFor();

    await table.getByRole('button', { name: 'Remove rotation 2027' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText('Remove certificate “rotation 2027” from Account 101?').waitFor();
    await dialog.getByText(`${clientId} no longer gets tokens with the key of “rotation 2027”.`, { exact: false }).waitFor();
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'detached' });
    expect(await table.getByRole('cell', { name: /^rotation 2027/ }).count()).toBe(1);

    await table.getByRole('button', { name: 'Remove rotation 2027' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Remove' }).click();
    await table.getByRole('cell', { name: /^rotation 2027/ }).waitFor({ state: 'detached' });
    // Its only certificate left: nothing offers to remove it.
    expect(await table.getByRole('button', { name: /^Remove/ }).count()).toBe(0);
    expect(env.session.errors).toEqual([]);
  });
});
