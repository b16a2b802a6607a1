import { AssertionReasons, TokenAttemptReasons } from '@chaman/domain';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { i18n, LOCALES, loadLocale } from '../i18n';
import { tokenReasonMessage } from './useTokenReason';

/** Words of the server's English sentences that appear in no French one. */
const ENGLISH = /\b(the|must|expired|already|used|with|signature does|tried|before)\b/i;

describe('token attempts’ reasons in the reader’s language', () => {
  beforeAll(async () => {
    for (const l of LOCALES) await loadLocale(l);
  });
  afterEach(() => {
    i18n.global.locale.value = 'en';
  });

  it('words an expired assertion in French, its times with Intl in French and its leeway in seconds', () => {
    i18n.global.locale.value = 'fr';
    const exp = 1_796_212_800; // 2026-12-02T12:00:00Z
    const message = tokenReasonMessage({
      reason: `the assertion expired: exp ${exp} is 600 s before the server time ${exp + 600} (60 s leeway)`,
      reasonCode: AssertionReasons.expired,
      reasonParams: { exp, now: exp + 600, leeway: 60 },
    });
    const sixty = new Intl.NumberFormat('fr-BE', { style: 'unit', unit: 'second', unitDisplay: 'long' }).format(60);
    expect(sixty).toMatch(/^60\s+secondes$/);
    const at = (s: number) => new Intl.DateTimeFormat('fr-BE', { dateStyle: 'medium', timeStyle: 'medium' }).format(new Date(s * 1000));
    expect(message).toBe(`L'assertion avait expiré : exp vaut ${at(exp)}, l'heure du serveur était ${at(exp + 600)} (tolérance : ${sixty}).`);
    expect(message).not.toMatch(ENGLISH);
  });

  it('words what the owners alone are told, and a grant, in French with their params', () => {
    i18n.global.locale.value = 'fr';
    expect(
      tokenReasonMessage({
        reason: 'the signature does not verify with the key of any certificate of self_service_expeditor_1 (tried: "payroll 2026")',
        reasonCode: TokenAttemptReasons.signatureUnverified,
        reasonParams: { clientId: 'self_service_expeditor_1', alg: 'ES384', tried: '"payroll 2026"' },
      }),
    ).toBe('La signature ne se vérifie avec la clé d\'aucun certificat de ce compte (essayés : "payroll 2026") : l\'appelant ne détient pas leur clé privée.');
    expect(tokenReasonMessage({ reason: 'certificate "payroll 2026"', reasonCode: TokenAttemptReasons.granted, reasonParams: { certificate: 'payroll 2026' } })).toBe(
      'Jeton délivré : l\'assertion était signée avec la clé du certificat « payroll 2026 ».',
    );
    // An alternative list in French, and an empty grant in words.
    expect(tokenReasonMessage({ reason: 'alg "none" is not accepted', reasonCode: AssertionReasons.alg, reasonParams: { alg: '"none"', allowed: 'RS256, PS256, ES384' } })).toBe(
      'L\'algorithme (alg) "none" n\'est pas accepté ; utilisez RS256, PS256 ou ES384.',
    );
    expect(tokenReasonMessage({ reason: 'scope x is not granted', reasonCode: AssertionReasons.scope, reasonParams: { missing: 'x', granted: '' } })).toBe(
      'La portée x n\'est pas accordée à ce compte ; portées accordées : aucune.',
    );
  });

  it('words a variant by its params: the parts of a JWS, or the part that is unreadable', () => {
    i18n.global.locale.value = 'de';
    expect(tokenReasonMessage({ reason: 'x', reasonCode: AssertionReasons.format, reasonParams: { parts: 2 } })).toBe(
      'Die Client-Assertion ist kein kompaktes JWS, denn sie besteht aus 2 Teil(en) statt aus 3.',
    );
    expect(tokenReasonMessage({ reason: 'x', reasonCode: AssertionReasons.format, reasonParams: { unreadable: 'payload' } })).toBe(
      'Die Client-Assertion ist kein JWT, denn ihr Teil payload ist kein base64url-kodiertes JSON.',
    );
  });

  it('falls back to the server’s sentence for an attempt recorded without a code, or with a code this page does not know', () => {
    i18n.global.locale.value = 'fr';
    expect(tokenReasonMessage({ reason: 'token introspection', reasonCode: null, reasonParams: null })).toBe('token introspection');
    expect(tokenReasonMessage({ reason: 'certificate "old"' })).toBe('certificate "old"');
    expect(tokenReasonMessage({ reason: 'a reason from a newer server', reasonCode: 'oauth/newer-than-this-page', reasonParams: { x: 1 } })).toBe('a reason from a newer server');
  });
});
