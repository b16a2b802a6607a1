import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { useProductAndBrowser } from '../helper.js';

const PASSWORD = 'correct horse battery staple';
const NEW_PASSWORD = 'a brand new password of mine';

describe('your account, through the UI', () => {
  const env = useProductAndBrowser({ beforeAll, afterEach, afterAll });

  /** Signs in over the API as another client; its token. */
  async function signInElsewhere(userAgent: string, password = PASSWORD): Promise<string> {
    const r = await fetch(`${env.product.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'user-agent': userAgent },
      body: JSON.stringify({ query: 'mutation($i: SignInInput!) { signIn(input: $i) { token } }', variables: { i: { email: 'sam@acme.be', password } } }),
    });
    return ((await r.json()) as { data: { signIn: { token: string } } }).data.signIn.token;
  }
  const works = async (token: string) => {
    const r = await fetch(`${env.product.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: '{ me { id } }' }),
    });
    return ((await r.json()) as { data: { me: unknown } }).data.me !== null;
  };

  it('lists the sessions, ends another one, changes the password and signs out everywhere', async () => {
    const { page, errors } = env.session;
    await page.goto(`${env.product.url}/sign-up`);
    const signUp = page.getByRole('form', { name: 'Sign up' });
    await signUp.getByLabel('Email').fill('sam@acme.be');
    await signUp.getByLabel('Password').fill(PASSWORD);
    await signUp.getByLabel('First name').fill('Sam');
    await signUp.getByLabel('Last name').fill('Smith');
    await signUp.getByRole('button', { name: 'Sign up' }).click();
    await page.getByRole('form', { name: 'Register an employer' }).waitFor();
    const elsewhere = await signInElsewhere('Other laptop');

    await page.getByRole('link', { name: 'Your account' }).click();
    await page.getByRole('heading', { level: 1, name: 'Your account' }).waitFor();
    const sessions = page.getByRole('region', { name: 'Where you are signed in' });
    await sessions.getByText('This device').waitFor();
    await sessions.getByRole('button', { name: 'End the session of Other laptop' }).click();
    // Ending a session asks first, naming the device.
    const ask = page.getByRole('dialog');
    await ask.getByText('End the session of Other laptop?').waitFor();
    await ask.getByRole('button', { name: 'End session' }).click();
    await sessions.getByText('Other laptop').waitFor({ state: 'detached' });
    expect(await works(elsewhere)).toBe(false);

    const form = page.getByRole('form', { name: 'Change your password' });
    await form.getByLabel('Current password').fill('not my password');
    await form.getByLabel('New password').fill(NEW_PASSWORD);
    await form.getByRole('button', { name: 'Change password' }).click();
    await form.getByRole('alert').getByText('The current password is wrong.').waitFor();
    const another = await signInElsewhere('Tablet');
    await form.getByLabel('Current password').fill(PASSWORD);
    await form.getByRole('button', { name: 'Change password' }).click();
    await form.getByRole('status').getByText('Your password was changed').waitFor();
    expect(await works(another)).toBe(false);
    // The person's own history, in their words: the change just made, and the account's start.
    const history = page.getByRole('region', { name: 'Recent activity' });
    await history.getByRole('cell', { name: 'Password changed' }).waitFor();
    await history.getByRole('cell', { name: 'Account created' }).waitFor();
    await env.session.screenshot('your-account');

    await page.getByRole('button', { name: 'Sign out everywhere' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Sign out everywhere' }).click();
    await page.getByRole('form', { name: 'Sign in' }).waitFor();
    expect(await page.getByRole('link', { name: 'Your account' }).count()).toBe(0);
    expect(await works(await signInElsewhere('Check', NEW_PASSWORD))).toBe(true);
    expect(errors).toEqual([]);
  });
});
