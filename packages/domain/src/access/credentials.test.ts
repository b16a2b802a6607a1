import { describe, expect, it } from 'vitest';
import { AccessErrors } from './access.errors.js';
import { checkCredentialMay, CredentialOperations } from './credentials.js';

describe('checkCredentialMay', () => {
  it('lets a session manage the account', () => {
    for (const operation of CredentialOperations) expect(checkCredentialMay('SESSION', operation)).toEqual({ ok: true, value: true });
  });
  it('refuses every credential operation to a personal access token, signOut with its own reason', () => {
    const signOut = checkCredentialMay('PERSONAL_ACCESS_TOKEN', 'signOut');
    expect(signOut.ok || signOut.error.code).toBe(AccessErrors.personalTokenSignOut);
    expect(signOut.ok || signOut.error.message).toContain('revokeAccessToken');
    for (const operation of CredentialOperations.filter((o) => o !== 'signOut')) {
      const r = checkCredentialMay('PERSONAL_ACCESS_TOKEN', operation);
      expect(r.ok || r.error).toMatchObject({ code: AccessErrors.personalTokenNotAllowed, params: { operation } });
    }
  });
});
