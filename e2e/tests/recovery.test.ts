import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { mailedLink, useProductAndBrowser } from '../helper.js';

const PASSWORD = 'correct horse battery staple';
const NEW_PASSWORD = 'my memorable new passphrase';

describe('proving an email and recovering an account, through the UI', () => {
  const env = useProductAndBrowser({ beforeAll, afterEach, afterAll });

  it('asks a new person to check their mail, resends the link, and proves the email with it', async () => {
    const { page, errors } = env.session;
    await page.goto(`${env.product.url}/sign-up`);
    const form = page.getByRole('form', { name: 'Sign up' });
    await form.getByText('We will mail you a link to confirm that this email address is yours.', { exact: false }).waitFor();
    await form.getByLabel('Email').fill('rose@acme.be');
    await form.getByLabel('Password').fill(PASSWORD);
    await form.getByLabel('First name').fill('Rose');
    await form.getByLabel('Last name').fill('Reset');
    await form.getByRole('button', { name: 'Sign up' }).click();
    await page.getByText('Check your mail').waitFor();
    await page.getByText('We sent a link to rose@acme.be.', { exact: false }).waitFor();
    await page.getByRole('button', { name: 'Send the link again' }).click();
    await page.getByText('A new link is on its way.', { exact: false }).waitFor();
    await env.session.screenshot('check-your-mail');

    await page.goto(await mailedLink(env.product, 'rose@acme.be', '/verify-email'));
    await page.getByText('rose@acme.be is confirmed').waitFor();
    // The banner goes once the session is read again after the proof (it is not instant).
    await page.getByText('Check your mail').waitFor({ state: 'detached' });
    // The same link a second time says why it no longer works.
    await page.reload();
    await page.getByText('This link has been used already', { exact: false }).waitFor();
    expect(errors).toEqual([]);
  });

  it('resets a forgotten password from the sign-in page and signs in with the new one', async () => {
    const { page, context, errors } = env.session;
    await context.clearCookies();
    await page.goto(`${env.product.url}/sign-in`);
    await page.getByRole('link', { name: 'Forgot your password?' }).click();
    const request = page.getByRole('form', { name: 'Forgot your password?' });
    await request.getByLabel('Email').fill('rose@acme.be');
    await request.getByRole('button', { name: 'Send the link' }).click();
    await page.getByText('If an account uses rose@acme.be, a link is on its way to it.', { exact: false }).waitFor();

    await page.goto(await mailedLink(env.product, 'rose@acme.be', '/reset-password'));
    const reset = page.getByRole('form', { name: 'Choose a new password' });
    await reset.getByLabel('New password').fill(NEW_PASSWORD);
    await reset.getByRole('button', { name: 'Save and sign in' }).click();
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
    await page.getByRole('button', { name: 'Sign out' }).click();

    await page.goto(`${env.product.url}/sign-in`);
    const signIn = page.getByRole('form', { name: 'Sign in' });
    await signIn.getByLabel('Email').fill('rose@acme.be');
    await signIn.getByLabel('Password').fill(NEW_PASSWORD);
    await signIn.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
    expect(errors).toEqual([]);
  });
});
