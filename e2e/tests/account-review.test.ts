// Accounts whose creator left (issue 17, point 6), in the pages: a person with Chaman access creates
// an account, the person's access is revoked; the accounts table shows "Review" beside the health,
// the account page says why, and a manager's confirmation (after a dialog) clears it.
import { makeCertificate } from '@chaman/domain/test-support';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { mailedLink, useProductAndBrowser } from '../helper.js';

const PASSWORD = 'correct horse battery staple';
const CHIEF = 'chief@review.be';
const EMPLOYEE = 'eve@review.be';

describe('the review flag of an account whose creator left', () => {
  const env = useProductAndBrowser({ beforeAll, afterEach, afterAll });

  /** A person signed up over GraphQL with a proven address; their GraphQL caller. */
  async function person(email: string, firstName: string) {
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
    token = (
      await gql(`mutation($input: SignUpInput!) { signUp(input: $input) { token } }`, {
        input: { email, password: PASSWORD, firstName, lastName: 'Review' },
      })
    ).signUp.token;
    const link = new URL(await mailedLink(env.product, email, '/verify-email'));
    await gql(`mutation($t: String!) { verifyEmail(token: $t) { id } }`, { t: link.searchParams.get('token') });
    return gql;
  }

  it('shows "Review" on the accounts table and the account page after the creator’s access is revoked; a confirmation clears it', async () => {
    const chief = await person(CHIEF, 'Chloe');
    const companyId = (await chief(`mutation { registerEmployer(input: { enterpriseNumber: "0203201340", name: "Review NV" }) { id } }`)).registerEmployer.id as string;
    await chief(`mutation($c: ID!, $e: String!) { appointChiefAccessManager(input: { companyId: $c, email: $e }) { id } }`, { c: companyId, e: CHIEF });
    const employee = await person(EMPLOYEE, 'Eve');
    const role = (await chief(`mutation($c: ID!, $e: String!) { grantChamanAccess(input: { companyId: $c, email: $e }) { id } }`, { c: companyId, e: EMPLOYEE }))
      .grantChamanAccess.id as string;
    const create = `mutation($input: CreateRestAccountInput!) { createRestAccount(input: $input) { clientId } }`;
    const certificate = (cn: string) => ({ name: cn, content: makeCertificate({ key: 'ec:P-384', cn }).certPem });
    const eves = (await employee(create, { input: { companyId, name: 'Eve payroll', permissionCodes: ['demo-consult'], certificate: certificate('eve.review.be') } }))
      .createRestAccount.clientId as string;
    await chief(create, { input: { companyId, name: 'Chloe payroll', permissionCodes: ['demo-consult'], certificate: certificate('chloe.review.be') } });
    await chief(`mutation($id: ID!) { revokeRole(input: { roleAssignmentId: $id }) { status } }`, { id: role });

    const { page } = env.session;
    await page.goto(`${env.product.url}/sign-in`);
    const signIn = page.getByRole('form', { name: 'Sign in' });
    await signIn.getByLabel('Email').fill(CHIEF);
    await signIn.getByLabel('Password').fill(PASSWORD);
    await signIn.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Chaman' }).click();
    await page.getByRole('heading', { level: 1, name: 'Web service channels' }).waitFor();
    const row = (name: string) => page.getByRole('row').filter({ has: page.getByRole('link', { name, exact: true }) });
    await row('Eve payroll').getByText('Review', { exact: true }).waitFor();
    expect(await row('Chloe payroll').getByText('Review', { exact: true }).count()).toBe(0);

    await page.getByRole('link', { name: 'Eve payroll', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Eve payroll' }).waitFor();
    const alert = page.getByRole('alert').filter({ hasText: 'Review: created by someone who no longer has access' });
    await alert.getByText(`created by someone who no longer has access: ${EMPLOYEE} (role revoked)`, { exact: false }).waitFor();
    await alert.getByRole('button', { name: 'Confirm' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText('Confirm the review of Eve payroll?').waitFor();
    await dialog.getByRole('button', { name: 'Confirm' }).click();
    await alert.waitFor({ state: 'detached' });

    const review = await chief(`query($c: String!) { restAccount(clientId: $c) { review { reason } } }`, { c: eves });
    expect(review.restAccount.review).toBeNull();
    await page.getByRole('link', { name: 'Web service channels' }).first().click();
    await row('Eve payroll').waitFor();
    expect(await row('Eve payroll').getByText('Review', { exact: true }).count()).toBe(0);
    expect(env.session.errors).toEqual([]);
  });
});
