import { checkCertificate } from '@chaman/domain';
import { makeCertificate } from '@chaman/domain/test-support';
import { CombinedError } from '@urql/core';
import { GraphQLError } from 'graphql';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { i18n, LOCALES, loadLocale } from '../i18n';
import { describeError, describeRefusal, localizeViolations } from './useGraphqlError';

/** A refusal as urql hands it to the pages: the server's English sentence, its reason and params. */
function refused(message: string, extensions: Record<string, unknown>): CombinedError {
  return new CombinedError({ graphQLErrors: [new GraphQLError(message, { extensions })] });
}

/** Words that appear in the server's English sentences and in no French one. */
const ENGLISH = /\b(the|must|characters|already|with|you|is|has|not|allowed|bits|expired|certificate\b)/i;

describe('refusals in the reader’s language', () => {
  beforeAll(async () => {
    for (const l of LOCALES) await loadLocale(l);
  });
  afterEach(() => {
    i18n.global.locale.value = 'en';
  });

  it('words a French refusal from its reason and params, numbers and dates in French, with no English sentence', () => {
    i18n.global.locale.value = 'fr';
    const name = describeError(
      refused('The account name must have 1 to 100 characters; got 0', { code: 'BAD_USER_INPUT', reason: 'rest-account/name', params: { min: 1, max: 100, length: 0 } }),
    );
    expect(name?.message).toBe('Le nom du compte doit compter de 1 à 100 caractères ; il en compte 0.');
    expect(name?.message).not.toMatch(ENGLISH);

    const dates = describeError(
      refused('endsAt must be after startsAt', { code: 'BAD_USER_INPUT', reason: 'access/mandate-dates', params: { startsAt: '2026-12-02T10:00:00.000Z', endsAt: '2026-01-15T10:00:00.000Z' } }),
    );
    const expectedDate = new Intl.DateTimeFormat('fr-BE', { dateStyle: 'medium', timeStyle: 'short' }).format(new Date('2026-01-15T10:00:00.000Z'));
    expect(dates?.message).toContain(expectedDate);
    expect(dates?.message).toMatch(/^Le mandat doit se terminer après son début/);

    const common = describeError(refused('This password is among the 10,000 most common ones', { code: 'BAD_USER_INPUT', reason: 'access/password-common', params: { listed: 10000 } }));
    expect(common?.message).toContain(new Intl.NumberFormat('fr-BE').format(10000));
    expect(common?.message).not.toMatch(ENGLISH);
  });

  it('says roles, actions and waits in words', () => {
    i18n.global.locale.value = 'fr';
    const role = describeError(refused('x already holds Access Manager', { code: 'CONFLICT', reason: 'access/role-already-held', params: { email: 'amy@acme.be', role: 'ACCESS_MANAGER' } }));
    expect(role?.message).toBe('amy@acme.be a déjà le rôle Gestionnaire d\'accès dans cette entreprise, ou y a été invité.');
    const action = describeError(refused('You may not read the audit log', { code: 'FORBIDDEN', reason: 'access/not-allowed', params: { action: 'read-audit-log' } }));
    expect(action?.message).toBe('Vous n\'êtes pas autorisé à lire le journal d\'audit.');
    const wait = describeError(refused('Too many; try again in 5 minute(s)', { code: 'RATE_LIMITED', reason: 'rate-limit/exceeded', params: { retryAfterSeconds: 300 } }));
    expect(wait?.message).toBe('Trop de tentatives. Réessayez dans 5 minutes.');
  });

  it('falls back to the server’s sentence for a reason the UI does not know, and says which field a refusal is about', () => {
    i18n.global.locale.value = 'fr';
    const unknown = describeRefusal(refused('A new rule said no', { code: 'BAD_USER_INPUT', reason: 'future/new-rule', params: { x: 1 } }));
    expect(unknown?.message).toBe('A new rule said no');
    const noReason = describeError(refused('Something the server wrote', { code: 'BAD_REQUEST' }));
    expect(noReason?.message).toBe('Something the server wrote');
    const field = describeRefusal(refused('Last name must have 1 to 100 characters; got 0', { code: 'BAD_USER_INPUT', reason: 'access/person-name', params: { field: 'lastName', min: 1, max: 100, length: 0 } }));
    expect(field).toMatchObject({ field: 'lastName', message: 'Le champ « Nom » doit compter de 1 à 100 caractères.' });
  });

  it('says a network failure in the reader’s language', () => {
    i18n.global.locale.value = 'de';
    const down = describeError(new CombinedError({ networkError: new Error('Failed to fetch') }));
    expect(down?.message).toBe('Der Server ist nicht erreichbar. Prüfen Sie Ihre Verbindung und versuchen Sie es erneut.');
  });

  it('words the certificate violations of the server and of the domain in the browser the same way', () => {
    i18n.global.locale.value = 'nl';
    const small = makeCertificate({ key: 'rsa:1024', notBefore: new Date(Date.now() - 10 * 86_400_000), notAfter: new Date(Date.now() - 86_400_000) });
    const { violations } = checkCertificate(new TextEncoder().encode(small.certPem), new Date());
    expect(violations.map((v) => v.code)).toEqual(expect.arrayContaining(['certificate/key-size', 'certificate/validity']));
    const worded = localizeViolations(violations);
    expect(worded.find((v) => v.code === 'certificate/key-size')?.message).toBe('RSA-sleutel van 1024 bits; toegestaan: 2048, 3072 of 4096 bits.');
    expect(worded.find((v) => v.code === 'certificate/validity')?.message).toMatch(/^Het certificaat is verlopen op /);
    // The same violations, as CERTIFICATE_REJECTED carries them.
    const server = describeError(refused('The certificate is refused: ...', { code: 'CERTIFICATE_REJECTED', reason: 'certificate/rejected', params: { count: violations.length }, violations }));
    expect(server?.message).toBe('Het certificaat wordt geweigerd: het overtreedt de regels hieronder.');
    expect(server?.violations.map((v) => v.message)).toEqual(worded.map((v) => v.message));
  });
});
