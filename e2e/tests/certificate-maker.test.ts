// The integrator's kit in Chromium (issue 17, points 8 and 9): the certificate maker makes a key
// pair with the browser's WebCrypto, downloads the key (PKCS#8 and PKCS#12), hands the certificate
// over; the account made with it obtains tokens with the downloaded key through the page's own
// examples (the curl + openssl script and the Node one) and through openid-client. The first tests
// drive the two components alone on the admin UI's harness page
// (packages/admin-ui/harness/integrator-kit.html, served by Vite's dev server on 127.0.0.1, which
// also serves it as the insecure http://insecure.test); the last one goes through the product's
// own pages.
import { execFile, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import {
  mkdirSync,
  mkdtempSync,
  readFileSync,
  realpathSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { chromiumPath, mailedLink, useProductAndBrowser, type Product } from '../helper.js';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../..', import.meta.url));
const adminUi = join(root, 'packages/admin-ui');
const PASSWORD = 'correct horse battery staple';
const P12_PASSWORD = 'a long enough password';
const COMPANY = 'Boulangerie Dupont SRL';
const NUMBER = '0203.201.340';
const SCOPE = 'scope:dimona:declaration:declarant';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const a = srv.address();
      srv.close(() => (typeof a === 'object' && a ? resolve(a.port) : reject(new Error('no port'))));
    });
  });
}

/** Vite's dev server for the admin UI, on 127.0.0.1 (a secure context) and reachable as insecure.test. */
async function startHarness(
  product: Product,
): Promise<{ url: string; port: number; stop: () => Promise<void> }> {
  const port = await freePort();
  const child: ChildProcess = spawn(
    process.execPath,
    [
      join(adminUi, 'node_modules/vite/bin/vite.js'),
      '--host',
      '127.0.0.1',
      '--port',
      String(port),
      '--strictPort',
    ],
    {
      cwd: adminUi,
      env: {
        ...process.env,
        CHAMAN_API: product.url,
        __VITE_ADDITIONAL_SERVER_ALLOWED_HOSTS: 'insecure.test',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stdout?.on('data', (d) => (output += d));
  child.stderr?.on('data', (d) => (output += d));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`vite exited (${child.exitCode}):\n${output}`);
    try {
      if ((await fetch(`${url}/harness/integrator-kit.html`)).ok) break;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGTERM');
      throw new Error(`vite did not start within 60 s:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url,
    port,
    async stop() {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await new Promise((r) => child.once('exit', r));
      }
    },
  };
}

/** Signs up, proves the email, registers the employer and becomes its Chief Access Manager, over GraphQL. */
async function companyAndChief(
  product: Product,
): Promise<(query: string, variables?: Record<string, unknown>) => Promise<any>> {
  let token = '';
  const gql = async (query: string, variables: Record<string, unknown> = {}) => {
    const r = await fetch(`${product.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await r.json()) as { data?: any; errors?: unknown[] };
    if (body.errors) throw new Error(JSON.stringify(body.errors));
    return body.data;
  };
  const email = 'integrator@dupont.be';
  const signedUp = await gql(`mutation($input: SignUpInput!) { signUp(input: $input) { token } }`, {
    input: { email, password: PASSWORD, firstName: 'Ines', lastName: 'Integrator' },
  });
  token = signedUp.signUp.token;
  const link = new URL(await mailedLink(product, email, '/verify-email'));
  await gql(`mutation($token: String!) { verifyEmail(token: $token) { id } }`, {
    token: link.searchParams.get('token'),
  });
  const company = await gql(
    `mutation($input: RegisterEmployerInput!) { registerEmployer(input: $input) { id } }`,
    { input: { enterpriseNumber: NUMBER, name: COMPANY } },
  );
  const companyId = company.registerEmployer.id as string;
  await gql(
    `mutation($companyId: ID!, $email: String!) { appointChiefAccessManager(input: { companyId: $companyId, email: $email }) { id } }`,
    { companyId, email },
  );
  return async (query, variables = {}) => gql(query, { companyId, ...variables });
}

/** A folder where `import 'jose'` and `import 'openid-client'` find the server's, as after npm install. */
function folderWithPackages(): string {
  const dir = mkdtempSync(join(tmpdir(), 'chaman-e2e-example-'));
  mkdirSync(join(dir, 'node_modules'));
  for (const name of ['jose', 'openid-client']) {
    symlinkSync(
      realpathSync(join(root, 'packages/server/node_modules', name)),
      join(dir, 'node_modules', name),
    );
  }
  return dir;
}

/** Makes a certificate with the maker on the harness page; the downloaded files and the emitted certificate. */
async function makeInBrowser(page: Page, harnessUrl: string, name: string, keyLabel: string) {
  await page.goto(
    `${harnessUrl}/harness/integrator-kit.html?company=${encodeURIComponent(COMPANY)}&number=${encodeURIComponent(NUMBER)}`,
  );
  const maker = page.getByRole('region', { name: 'Create a self-signed certificate' });
  await maker.waitFor();
  await maker.getByLabel('Name (CN)').fill(name);
  // naive-ui draws its own radio over a hidden input: a person clicks the words.
  for (const choice of [keyLabel, '3 years']) {
    const radio = maker.getByRole('radio', { name: choice });
    await radio.locator('xpath=ancestor::label[1]').click();
    expect(await radio.isChecked()).toBe(true);
  }
  await maker.getByLabel('Password of a PKCS#12 file (optional)').fill(P12_PASSWORD);
  const downloads: Record<string, string> = {};
  const dir = mkdtempSync(join(tmpdir(), 'chaman-e2e-downloads-'));
  const both = new Promise<void>((resolve) => {
    page.on('download', async (d) => {
      const path = join(dir, d.suggestedFilename());
      await d.saveAs(path);
      downloads[d.suggestedFilename()] = path;
      if (Object.keys(downloads).length === 2) resolve();
    });
  });
  await maker.getByRole('button', { name: 'Create the certificate and download the key' }).click();
  await maker.getByRole('status').getByText(`Certificate ${name} created`).waitFor({ timeout: 60_000 });
  await both;
  const content = (await page.getByTestId('emitted-content').textContent())!;
  expect(await page.getByTestId('emitted-name').textContent()).toBe(name);
  return { downloads, certificatePem: Buffer.from(content, 'base64').toString('utf8') };
}

describe('the certificate maker and the token examples in Chromium', () => {
  const env = useProductAndBrowser({ beforeAll, afterEach, afterAll });
  let harness: Awaited<ReturnType<typeof startHarness>>;
  let gql: Awaited<ReturnType<typeof companyAndChief>>;
  const accounts: Record<string, { clientId: string; key: string }> = {};

  beforeAll(async () => {
    harness = await startHarness(env.product);
    gql = await companyAndChief(env.product);
    // Vite optimises the harness's dependencies on its first visit and may reload the page once.
    await env.session.page.goto(`${harness.url}/harness/integrator-kit.html?company=x&number=${NUMBER}`);
    await env.session.page
      .getByRole('region', { name: 'Create a self-signed certificate' })
      .waitFor({ timeout: 60_000 });
    await env.session.page.waitForLoadState('networkidle');
  });
  afterAll(async () => harness?.stop());

  it.each([
    ['EC P-384', 'payroll-ec', 'EC', 'P-384', 'ES384'],
    ['RSA 3072 bits', 'payroll-rsa', 'RSA', null, 'RS256'],
  ] as const)(
    'makes a %s key pair in the browser, downloads the key and a PKCS#12, and hands over a certificate Chaman accepts',
    async (keyLabel, name, keyAlgorithm, curve, alg) => {
      const { page } = env.session;
      const made = await makeInBrowser(page, harness.url, name, keyLabel);
      expect(Object.keys(made.downloads).sort()).toEqual([`${name}.key.pem`, `${name}.p12`]);
      const keyPem = readFileSync(made.downloads[`${name}.key.pem`]!, 'utf8');
      expect(keyPem).toMatch(/^-----BEGIN PRIVATE KEY-----\n/);
      // The key is the certificate's, and the PKCS#12 holds both under the password.
      const pub = (args: string[], input: string) =>
        spawnSync('openssl', args, { input, encoding: 'utf8' }).stdout;
      expect(pub(['pkey', '-pubout'], keyPem)).toBe(pub(['x509', '-noout', '-pubkey'], made.certificatePem));
      const opened = spawnSync(
        'openssl',
        ['pkcs12', '-in', made.downloads[`${name}.p12`]!, '-passin', `pass:${P12_PASSWORD}`, '-nodes'],
        { encoding: 'utf8' },
      );
      expect(opened.status).toBe(0);
      expect(opened.stdout).toContain(made.certificatePem.trim());

      const created = await gql(
        `mutation($companyId: ID!, $name: String!, $content: String!) {
        createRestAccount(input: { companyId: $companyId, name: $name, permissionCodes: ["dimona-declaration"], certificate: { name: $name, content: $content } }) {
          clientId certificates { keyAlgorithm curve subject }
        }
      }`,
        { name, content: Buffer.from(made.certificatePem).toString('base64') },
      );
      expect(created.createRestAccount.certificates).toEqual([
        { keyAlgorithm, curve, subject: `serialNumber=0203201340, CN=${name}, O=${COMPANY}` },
      ]);
      accounts[alg] = { clientId: created.createRestAccount.clientId, key: keyPem };
      expect(env.session.errors).toEqual([]);
    },
  );

  it.each([
    ['ES384', 'EC', 'P-384'],
    ['RS256', 'RSA', ''],
  ] as const)(
    'the examples shown for the %s account obtain tokens with the downloaded key: curl + openssl, Node (jose)',
    async (alg, keyAlgorithm, curve) => {
      const { page } = env.session;
      const account = accounts[alg]!;
      const endpoint = `${env.product.url}/REST/oauth/v5/token`;
      await page.goto(
        `${harness.url}/harness/integrator-kit.html?${new URLSearchParams({ company: COMPANY, number: NUMBER, clientId: account.clientId, endpoint, keyAlgorithm, curve, scope: SCOPE })}`,
      );
      const help = page.getByRole('region', { name: 'Getting a token' });
      await help.getByText(alg, { exact: true }).waitFor();
      const dir = folderWithPackages();
      writeFileSync(join(dir, 'private-key.pem'), account.key);
      for (const [tab, file, command] of [
        ['curl + openssl', 'get-token.sh', 'bash'],
        ['Node.js (jose)', 'get-token.mjs', process.execPath],
      ] as const) {
        await help.getByRole('tab', { name: tab }).click();
        const code = (await help.getByLabel(file, { exact: true }).textContent())!;
        expect(code).toContain(account.clientId);
        writeFileSync(join(dir, file), code);
        const { stdout } = await run(command, [file, 'private-key.pem'], { cwd: dir });
        const answer = JSON.parse(stdout) as { access_token: string; scope: string };
        expect(answer.scope).toBe(SCOPE);
        expect(answer.access_token.split('.')).toHaveLength(3);
      }
      expect(env.session.errors).toEqual([]);
    },
  );

  it('the downloaded PKCS#8 key obtains a token through openid-client (private_key_jwt)', async () => {
    expect(Object.keys(accounts).sort()).toEqual(['ES384', 'RS256']);
    for (const [alg, account] of Object.entries(accounts)) {
      const dir = folderWithPackages();
      writeFileSync(join(dir, 'private-key.pem'), account.key);
      writeFileSync(
        join(dir, 'openid.mjs'),
        `import { readFileSync } from 'node:fs';
import * as client from 'openid-client';
import { importPKCS8 } from 'jose';
const key = await importPKCS8(readFileSync('private-key.pem', 'utf8'), ${JSON.stringify(alg)});
const config = await client.discovery(new URL(${JSON.stringify(env.product.url)}), ${JSON.stringify(account.clientId)}, undefined, client.PrivateKeyJwt(key), { algorithm: 'oauth2', execute: [client.allowInsecureRequests] });
const tokens = await client.clientCredentialsGrant(config, { scope: ${JSON.stringify(SCOPE)} });
console.log(JSON.stringify(tokens));
`,
      );
      const { stdout } = await run(process.execPath, ['openid.mjs'], { cwd: dir });
      expect(JSON.parse(stdout)).toMatchObject({
        token_type: expect.stringMatching(/^bearer$/i),
        scope: SCOPE,
      });
    }
  });

  it('explains on an http origin other than localhost that keys can be made only on https or localhost', async () => {
    let browser: Browser | undefined;
    try {
      browser = await chromium.launch({
        executablePath: chromiumPath(),
        headless: true,
        args: [
          '--headless',
          '--no-sandbox',
          '--disable-gpu',
          '--no-first-run',
          '--disable-background-networking',
          `--host-resolver-rules=MAP insecure.test 127.0.0.1`,
        ],
      });
      const page = await browser.newPage({ locale: 'en-US' });
      await page.goto(
        `http://insecure.test:${harness.port}/harness/integrator-kit.html?company=${encodeURIComponent(COMPANY)}&number=${NUMBER}`,
      );
      const maker = page.getByRole('region', { name: 'Create a self-signed certificate' });
      await maker.waitFor({ timeout: 60_000 });
      expect(await page.evaluate(() => window.isSecureContext)).toBe(false);
      const button = maker.getByRole('button', { name: 'Create the certificate and download the key' });
      expect(await button.isDisabled()).toBe(true);
      await maker
        .getByText(
          `Your browser makes keys only on a secure page: open Chaman over https, or on localhost. This page is http://insecure.test:${harness.port}.`,
        )
        .waitFor();
    } finally {
      await browser?.close();
    }
  });
});

/** The client ID the success box of "Add a Web service account" shows. */
async function createdClientId(page: Page): Promise<string> {
  const box = page.getByRole('status').filter({ hasText: 'Your REST account is ready' });
  return (await box.getByText(/^self_service_expeditor_\d+$/).first().textContent())!;
}

/** Clicks the words of a naive-ui radio (it draws its own over a hidden input), as a person does. */
async function choose(scope: Page | ReturnType<Page['getByRole']>, name: string) {
  const radio = scope.getByRole('radio', { name });
  await radio.locator('xpath=ancestor::label[1]').click();
  expect(await radio.isChecked()).toBe(true);
}

// The journey of the issue, in the product's own pages: CertificateMaker in the add-account form,
// then the account page's own instructions (TokenExamples): the Node example and the curl script.
describe('from an empty company to a token, with the certificate maker and the page’s instructions alone', () => {
  const env = useProductAndBrowser({ beforeAll, afterEach, afterAll });

  it('makes a certificate in the add-account form, then obtains a token with the downloaded key and the account page’s examples', async () => {
    await companyAndChief(env.product);
    const { page } = env.session;
    await page.goto(`${env.product.url}/sign-in`);
    const signIn = page.getByRole('form', { name: 'Sign in' });
    await signIn.getByLabel('Email').fill('integrator@dupont.be');
    await signIn.getByLabel('Password').fill(PASSWORD);
    await signIn.getByRole('button', { name: 'Sign in' }).click();
    await page
      .getByRole('navigation', { name: 'Main navigation' })
      .getByRole('link', { name: 'Chaman' })
      .click();
    await page.getByRole('heading', { level: 1, name: 'Web service channels' }).waitFor();
    await page.getByRole('button', { name: 'Add a Web service account' }).first().click();
    const form = page.getByRole('form', { name: 'Add a Web service account' });
    await form.getByLabel('Name', { exact: true }).fill('Payroll');
    await form.getByRole('checkbox', { name: 'Dimona: declare' }).click();

    // One source shown at a time: the file picker until the maker is chosen.
    await form.getByLabel('Certificate', { exact: true }).waitFor();
    await choose(form, 'Create a self-signed certificate');
    expect(await form.getByLabel('Certificate', { exact: true }).count()).toBe(0);
    const maker = form.getByRole('region', { name: 'Create a self-signed certificate' });
    await maker.getByText(COMPANY).first().waitFor();
    await maker.getByLabel('Name (CN)').fill('payroll-production');
    const download = page.waitForEvent('download');
    await maker.getByRole('button', { name: 'Create the certificate and download the key' }).click();
    const keyFile = join(env.product.dataDir, 'payroll-production.key.pem');
    await (await download).saveAs(keyFile);
    await maker
      .getByRole('status')
      .getByText('Certificate payroll-production created')
      .waitFor({ timeout: 60_000 });
    await form.getByRole('button', { name: 'Validate' }).click();
    const clientId = await createdClientId(page);
    expect(clientId).toMatch(/^self_service_expeditor_\d+$/);

    await page.getByRole('link', { name: 'Payroll', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Payroll' }).waitFor();
    const help = page.getByRole('region', { name: 'Getting a token' });
    await help.getByText('ES384', { exact: true }).waitFor();
    const dir = folderWithPackages();
    writeFileSync(join(dir, 'private-key.pem'), readFileSync(keyFile));
    for (const [tab, file, command] of [
      ['Node.js (jose)', 'get-token.mjs', process.execPath],
      ['curl + openssl', 'get-token.sh', 'bash'],
    ] as const) {
      await help.getByRole('tab', { name: tab }).click();
      const code = (await help.getByLabel(file, { exact: true }).textContent())!;
      expect(code).toContain(clientId);
      writeFileSync(join(dir, file), code);
      const { stdout } = await run(command, [file, 'private-key.pem'], { cwd: dir });
      const answer = JSON.parse(stdout) as { access_token: string; scope: string };
      expect(answer.access_token.split('.')).toHaveLength(3);
      expect(answer.scope).toBe(SCOPE);
    }
    expect(env.session.errors).toEqual([]);
  });
});
