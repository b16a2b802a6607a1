import { describe, expect, it } from 'vitest';
import { AccessErrors } from './access.errors.js';
import { normalizeEmail } from './access.js';

function refusal(input: string) {
  const r = normalizeEmail(input);
  if (r.ok) throw new Error(`${JSON.stringify(input)} was accepted as ${r.value}`);
  return r.error;
}

describe('normalizeEmail against look-alike addresses', () => {
  it('turns fullwidth forms into ASCII (NFKC), then lower-cases', () => {
    expect(normalizeEmail('ｊｏｈｎ@example.com')).toEqual({ ok: true, value: 'john@example.com' });
    expect(normalizeEmail('ＪＯＨＮ＠ＥＸＡＭＰＬＥ．ＣＯＭ')).toEqual({ ok: true, value: 'john@example.com' });
    expect(normalizeEmail('ﬁnance@example.com')).toEqual({ ok: true, value: 'finance@example.com' });
  });

  it('refuses a Cyrillic letter among Latin ones, naming it', () => {
    const e = refusal('pаypal@example.com');
    expect(e.code).toBe(AccessErrors.emailMixedScript);
    expect(e.params).toMatchObject({ character: 'U+0430', script: 'Cyrillic', otherScript: 'Latin', part: 'local part', position: 2 });
    expect(e.message).toContain('U+0430');
  });

  it('refuses mixed scripts in one domain label, and Greek among Latin', () => {
    expect(refusal('ann@exаmple.com').params).toMatchObject({ character: 'U+0430', part: 'domain label "exаmple"' });
    expect(refusal('ann@example.cοm').params).toMatchObject({ character: 'U+03BF', script: 'Greek' });
  });

  it('accepts an address written in one script, and scripts written together', () => {
    expect(normalizeEmail('иван@пример.рф').ok).toBe(true);
    expect(normalizeEmail('ann@пример.рф').ok).toBe(true); // each part is one script
    expect(normalizeEmail('たなか田中tanaka@example.jp').ok).toBe(true);
    expect(normalizeEmail('josé.müller@example.com').ok).toBe(true);
  });

  it('refuses invisible characters, naming them', () => {
    for (const [character, name] of [
      ['\u200B', 'ZERO WIDTH SPACE'],
      ['\u200D', 'ZERO WIDTH JOINER'],
      ['\u00AD', 'SOFT HYPHEN'],
      ['\uFEFF', 'ZERO WIDTH NO-BREAK SPACE'],
      ['\u2060', 'WORD JOINER'],
    ]) {
      const e = refusal(`jo${character}hn@example.com`);
      expect(e.code).toBe(AccessErrors.emailInvisibleCharacter);
      const code = `U+${character!.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
      expect(e.params).toEqual({ character: code, name, position: 3 });
      expect(e.message).toContain(`${code} ${name}`);
    }
    expect(refusal('john\u{E0041}@example.com').params).toMatchObject({ character: 'U+E0041', name: null });
    expect(refusal('jo\uFE0Fhn@example.com').code).toBe(AccessErrors.emailInvisibleCharacter);
    // NFKC turns the HANGUL FILLER (U+3164) into the jungseong filler: the message names what is left.
    expect(refusal('jo\u3164hn@example.com').params).toMatchObject({ character: 'U+1160', name: 'HANGUL JUNGSEONG FILLER' });
  });

  it('refuses bidirectional controls, naming them', () => {
    const e = refusal('moc.elpmaxe@\u202Enhoj');
    expect(e.code).toBe(AccessErrors.emailBidiCharacter);
    expect(e.params).toEqual({ character: 'U+202E', name: 'RIGHT-TO-LEFT OVERRIDE', position: 13 });
    expect(e.message).toContain('U+202E RIGHT-TO-LEFT OVERRIDE');
    expect(refusal('john\u200F@example.com').code).toBe(AccessErrors.emailBidiCharacter);
    expect(refusal('john@example.com\u2066').code).toBe(AccessErrors.emailBidiCharacter);
  });
});
