// The assertion debugger's public page (issue 17, point 7): an integrator, not signed in, pastes an
// assertion and reads every check the token endpoint makes. The assertions are signed with jose by
// a key whose certificate is on an account seeded over GraphQL.
import { randomUUID } from 'node:crypto';
import { makeCertificate, privateKey } from '@chaman/domain/test-support';
import * as jose from 'jose';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { mailedLink, useProductAndBrowser } from '../helper.js';

const PASSWORD = 'correct horse battery staple';
const EMAIL = 'dora@debugger.be';

describe('the assertion debugger', () => {
  const env = useProductAndBrowser({ beforeAll, afterEach, afterAll });
  let clientId = '';
  let key: CryptoKey;
  let tokenEndpoint = '';

  beforeAll(async () => {
    let token = '';
    const gql = async (query: string, variables: Record<string, unknown> = {}) => {
      const r = await fetch(`${env.product.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify({ query, variables }),
      });
      const body = (await r.json()) as { data?: any; errors?: unknown[] };
      if (body.errors) throw new Error(JSON.stringify(body.errors));
      return body.data;
    };
    token = (await gql(`mutation($input: SignUpInput!) { signUp(input: $input) { token } }`, { input: { email: EMAIL, password: PASSWORD, firstName: 'Dora', lastName: 'Debug' } })).signUp
      .token;
    const link = new URL(await mailedLink(env.product, EMAIL, '/verify-email'));
    await gql(`mutation($t: String!) { verifyEmail(token: $t) { id } }`, { t: link.searchParams.get('token') });
    const companyId = (await gql(`mutation { registerEmployer(input: { enterpriseNumber: "0203201340", name: "Debugger NV" }) { id } }`)).registerEmployer.id as string;
    await gql(`mutation($c: ID!, $e: String!) { appointChiefAccessManager(input: { companyId: $c, email: $e }) { id } }`, { c: companyId, e: EMAIL });
    const made = makeCertificate({ key: 'ec:P-384', keyPem: privateKey('ec:P-384', true), cn: 'debug.debugger.be' });
    const created = await gql(`mutation($input: CreateRestAccountInput!) { createRestAccount(input: $input) { clientId } }`, {
      input: { companyId, name: 'Debugged', permissionCodes: ['demo-consult'], certificate: { name: 'debug', content: made.certPem } },
    });
    clientId = created.createRestAccount.clientId;
    tokenEndpoint = (await gql(`{ serverInfo { tokenEndpoint } }`)).serverInfo.tokenEndpoint;
    key = await jose.importPKCS8(made.keyPem, 'ES384');
  });

  async function explain(assertion: string) {
    const { page } = env.session;
    await page.goto(`${env.product.url}/debugger`);
    const form = page.getByRole('form', { name: 'Assertion debugger' });
    await form.getByLabel('Client assertion (JWT)').fill(assertion);
    await form.getByRole('button', { name: 'Check' }).click();
    const result = page.getByRole('status').filter({ has: page.getByRole('heading', { name: 'This assertion would be refused' }) });
    await result.waitFor();
    return {
      step: (name: string) => result.getByRole('listitem').filter({ has: page.getByText(name, { exact: true }) }),
      result,
    };
  }

  it('is linked from the navigation, and explains an expired assertion', async () => {
    const { page } = env.session;
    await page.goto(`${env.product.url}/`);
    await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Assertion debugger' }).click();
    await page.getByRole('heading', { level: 1, name: 'Assertion debugger' }).waitFor();

    const now = Math.floor(Date.now() / 1000);
    const expired = await new jose.SignJWT({})
      .setProtectedHeader({ alg: 'ES384' })
      .setIssuer(clientId)
      .setSubject(clientId)
      .setAudience(tokenEndpoint)
      .setIssuedAt(now - 900)
      .setExpirationTime(now - 600)
      .setJti(randomUUID())
      .sign(key);
    const { step } = await explain(expired);
    await step('exp').getByText('Failed', { exact: true }).waitFor();
    await step('exp').getByText('The assertion expired on ', { exact: false }).waitFor();
    await step('aud').getByText('Passed', { exact: true }).waitFor();
    await step('iss-sub').getByText('Passed', { exact: true }).waitFor();
    expect(await page.getByRole('listitem').count()).toBeGreaterThanOrEqual(11);
    expect(env.session.errors).toEqual([]);
  });

  it('explains an assertion made for another audience', async () => {
    const { page } = env.session;
    const wrong = await new jose.SignJWT({})
      .setProtectedHeader({ alg: 'ES384' })
      .setIssuer(clientId)
      .setSubject(clientId)
      .setAudience('https://elsewhere.example/token')
      .setIssuedAt()
      .setExpirationTime('5m')
      .setJti(randomUUID())
      .sign(key);
    const { step } = await explain(wrong);
    await step('aud').getByText('Failed', { exact: true }).waitFor();
    await step('aud').getByText(`aud must be ${tokenEndpoint} (or the issuer`, { exact: false }).waitFor();
    await step('aud').getByText('https://elsewhere.example/token', { exact: false }).waitFor();
    await step('exp').getByText('Passed', { exact: true }).waitFor();
    await page.setViewportSize({ width: 375, height: 800 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    expect(env.session.errors).toEqual([]);
  });
});
