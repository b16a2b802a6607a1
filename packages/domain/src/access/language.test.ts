import { describe, expect, it } from 'vitest';
import { checkLanguage, isLanguage } from './language.js';

describe('checkLanguage', () => {
  it('accepts the four languages by their code', () => {
    for (const code of ['en', 'fr', 'nl', 'de']) expect(checkLanguage(code)).toEqual({ ok: true, value: code });
  });

  it('refuses anything else, naming what is allowed', () => {
    for (const code of ['EN', 'fr-BE', 'es', '', ' nl']) {
      const result = checkLanguage(code);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.error).toMatchObject({ code: 'access/language', params: { language: code, allowed: 'en, fr, nl, de' } });
    }
    expect(isLanguage(undefined)).toBe(false);
  });
});
