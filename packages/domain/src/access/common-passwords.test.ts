import { describe, expect, it } from 'vitest';
import { AccessErrors } from './access.errors.js';
import { checkPassword, checkPasswordShape } from './access.js';
import { isCommonPassword } from './common-passwords-check.js';

describe('common passwords', () => {
  it('holds the 10,000 most common passwords of 12+ characters, compared ignoring case', () => {
    for (const p of ['password1234', 'PASSWORD1234', 'qwertyuiop123', '1q2w3e4r5t6y', 'iloveyou1234']) expect(isCommonPassword(p), p).toBe(true);
    expect(isCommonPassword('correct horse battery staple')).toBe(false);
  });

  it("does not hold the passwords of the project's own tests, benchmark and browser journeys", () => {
    // packages/server/test/support/people.ts, core.test.ts, access.test.ts, bench/seed.ts, e2e/tests/journey.test.ts
    for (const p of ['correct horse battery staple', 'wrong password, guessed', 'wrong password!!', 'benchmark password 1234']) {
      expect(checkPassword(p, 'ann@example.com'), p).toEqual({ ok: true, value: true });
    }
  });

  it('refuses a common password with its reason', () => {
    const r = checkPassword('Password1234', 'ann@example.com');
    expect(r.ok || r.error).toMatchObject({ code: AccessErrors.passwordCommon, params: { listed: 10_000 } });
  });

  it('is left to checkPassword: checkPasswordShape (the browser\'s check, without the list) applies the other rules alone', () => {
    expect(checkPasswordShape('Password1234', 'ann@example.com')).toEqual({ ok: true, value: true });
    expect(checkPasswordShape('short', null).ok || checkPasswordShape('short', null)).toMatchObject({ error: { code: AccessErrors.passwordTooShort } });
    expect(checkPasswordShape('ann@example.com1', 'ann@example.com').ok || checkPasswordShape('ann@example.com1', 'ann@example.com')).toMatchObject({ error: { code: AccessErrors.passwordRepeatsEmail } });
  });
});

describe('passwords that repeat the email', () => {
  const refused = (password: string, email: string) => {
    const r = checkPassword(password, email);
    return !r.ok && r.error.code === AccessErrors.passwordRepeatsEmail;
  };
  it('refuses the address, its local part, or either with a little added', () => {
    expect(refused('ann.peeters@example.be', 'ann.peeters@example.be')).toBe(true);
    expect(refused('Ann.Peeters@Example.be', 'ann.peeters@example.be')).toBe(true);
    expect(refused('ann.peeters2024', 'ann.peeters@example.be')).toBe(true);
    expect(refused('!ann.peeters!!', 'ann.peeters@example.be')).toBe(true);
    expect(refused('johnjohnjohnjohn', 'john@example.com')).toBe(true);
  });
  it('accepts a password that only contains the local part among enough else', () => {
    expect(refused('ann likes long walks by the sea', 'ann@example.be')).toBe(false);
    expect(refused('correct horse battery staple', 'staple@example.be')).toBe(false);
    // A local part of one or two letters would refuse too much.
    expect(refused('an apple a day keeps', 'a@example.be')).toBe(false);
  });
});
