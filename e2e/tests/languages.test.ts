import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { mailedLink, useProductAndBrowser } from '../helper.js';

const PASSWORD = 'correct horse battery staple';

/** Words of the server's English sentences that no French sentence of these pages holds. */
const ENGLISH = /\b(the|must|characters|already exists|sign in instead|appointed|registered|role\.|company\.)\b/i;

async function chooseLanguage(page: Page, label: string, value: string) {
  await page.getByLabel(label).selectOption(value);
}

describe('every message in the reader’s language', () => {
  const env = useProductAndBrowser({ beforeAll, afterEach, afterAll });

  it('checks a French sign-up in the browser with the domain’s rules, all fields at once, each marked in French', async () => {
    const { page, errors } = env.session;
    await page.goto(`${env.product.url}/sign-up`);
    await chooseLanguage(page, 'Language', 'fr');
    const form = page.getByRole('form', { name: 'Créer un compte' });
    await form.getByLabel('E-mail').fill('amelie@acme.be');
    await form.getByLabel('Mot de passe').fill('trop court');
    await form.getByLabel('Prénom').fill('Amélie');
    await form.getByRole('button', { name: 'Créer un compte' }).click();

    // Both wrong fields at once, before anything reached the server, each marked and described.
    const password = form.getByLabel('Mot de passe');
    await form.getByText('Le mot de passe compte 10 caractères ; utilisez-en au moins 12.', { exact: false }).waitFor();
    expect(await password.getAttribute('aria-invalid')).toBe('true');
    const lastName = form.getByLabel('Nom', { exact: true });
    expect(await lastName.getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator(`#${await lastName.getAttribute('aria-describedby')}`).textContent()).toBe('Remplissez ce champ.');
    expect(await form.getByLabel('E-mail').getAttribute('aria-invalid')).toBeNull();
    expect(await form.textContent()).not.toMatch(ENGLISH);
    // The mark goes as the person corrects the field.
    await password.fill(PASSWORD);
    await form.getByText('Le mot de passe compte', { exact: false }).waitFor({ state: 'detached' });
    expect(errors).toEqual([]);
  });

  it('shows a server refusal in French, on the field it concerns, with no English sentence', async () => {
    const { page, errors } = env.session;
    // Someone already has this address.
    const taken = await fetch(`${env.product.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        query: 'mutation($input: SignUpInput!) { signUp(input: $input) { token } }',
        variables: { input: { email: 'taken@acme.be', password: PASSWORD, firstName: 'Tom', lastName: 'Taken' } },
      }),
    });
    expect(((await taken.json()) as { data?: unknown }).data).toBeTruthy();

    await page.goto(`${env.product.url}/sign-up`);
    const form = page.getByRole('form', { name: 'Créer un compte' });
    await form.getByLabel('E-mail').fill('taken@acme.be');
    await form.getByLabel('Mot de passe').fill(PASSWORD);
    await form.getByLabel('Prénom').fill('Théo');
    await form.getByLabel('Nom', { exact: true }).fill('Tardif');
    await form.getByRole('button', { name: 'Créer un compte' }).click();

    const email = form.getByLabel('E-mail');
    await form.getByText("Un compte existe déjà avec l'adresse e-mail taken@acme.be. Connectez-vous plutôt.").waitFor();
    expect(await email.getAttribute('aria-invalid')).toBe('true');
    expect(await form.textContent()).not.toMatch(ENGLISH);
    expect(errors).toEqual([]);
  });

  it('tells in French what happened in the audit log, in sentences, with the raw details behind a toggle and filters by action', async () => {
    const { page, errors } = env.session;
    await page.goto(`${env.product.url}/sign-up`);
    await chooseLanguage(page, 'Langue', 'en');
    const signUp = page.getByRole('form', { name: 'Sign up' });
    await signUp.getByLabel('Email').fill('lea@acme.be');
    await signUp.getByLabel('Password').fill(PASSWORD);
    await signUp.getByLabel('First name').fill('Lea');
    await signUp.getByLabel('Last name').fill('Legal');
    await signUp.getByRole('button', { name: 'Sign up' }).click();
    await page.getByText('Check your mail').waitFor();
    await page.goto(await mailedLink(env.product, 'lea@acme.be', '/verify-email'));
    await page.getByText('lea@acme.be is confirmed').waitFor();
    await page.goto(`${env.product.url}/register`);
    const register = page.getByRole('form', { name: 'Register an employer' });
    await register.getByLabel('Enterprise number').fill('0203.201.340');
    await register.getByLabel('Company name').fill('Acme NV');
    await register.getByRole('button', { name: 'Register' }).click();
    const cam = page.getByRole('form', { name: 'Appoint a Chief Access Manager' });
    await cam.getByLabel('Email').fill('lea@acme.be');
    await cam.getByRole('button', { name: 'Appoint' }).click();
    const grant = page.getByRole('form', { name: 'Grant Chaman access' });
    await grant.getByLabel('Email').fill('ian@acme.be');
    await grant.getByRole('button', { name: 'Grant' }).click();
    await page.getByRole('cell', { name: 'ian@acme.be', exact: true }).waitFor();

    await page.goto(`${env.product.url}/audit`);
    await chooseLanguage(page, 'Language', 'fr');
    await page.getByRole('heading', { level: 1, name: "Journal d'audit" }).waitFor();
    const log = page.getByRole('main');
    await log.getByText('Lea Legal a invité ian@acme.be à prendre le rôle Chaman - gestion des canaux techniques').waitFor();
    await log.getByText("Lea Legal a donné à Lea Legal (lea@acme.be) le rôle Gestionnaire d'accès principal").waitFor();
    await log.getByText('Lea Legal a inscrit Acme NV (0203.201.340) comme employeur').waitFor();
    const text = (await log.textContent()) ?? '';
    expect(text).not.toMatch(/role\.appointed|company\.registered|CHIEF_ACCESS_MANAGER|"actorName"/);
    // The time in French (a month in words, no ISO string or Unix time).
    expect(text).toMatch(/\d{1,2} (janv\.|févr\.|mars|avr\.|mai|juin|juil\.|août|sept\.|oct\.|nov\.|déc\.) \d{4}/);

    // The recorded details, behind a toggle.
    await log.getByRole('button', { name: 'Afficher les détails' }).first().click();
    const hide = log.getByRole('button', { name: 'Masquer les détails' });
    expect(await hide.getAttribute('aria-expanded')).toBe('true');
    await log.getByText('"actorName": "Lea Legal"', { exact: false }).first().waitFor();
    await hide.click();
    await log.getByText('"actorName": "Lea Legal"', { exact: false }).first().waitFor({ state: 'detached' });

    // Only the registration, by its action's name in French.
    await page.getByLabel('Action').selectOption({ label: 'Employeur inscrit' });
    await log.getByText('Lea Legal a invité ian@acme.be', { exact: false }).waitFor({ state: 'detached' });
    await log.getByText('Lea Legal a inscrit Acme NV (0203.201.340) comme employeur').waitFor();

    // On a phone the entries become a list, and the page does not scroll sideways.
    await page.setViewportSize({ width: 375, height: 740 });
    await log.getByText('Lea Legal a inscrit Acme NV (0203.201.340) comme employeur').waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
    await page.setViewportSize({ width: 1280, height: 800 });
    expect(errors).toEqual([]);
  });
});
