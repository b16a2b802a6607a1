import { err, ok, type DomainError, type Result } from '../shared/result.js';
import { AccessErrors, type AccessErrorCode } from './access.errors.js';

/** What a person authenticates with: a sign-in session or a personal access token for scripts. */
export type CredentialKind = 'SESSION' | 'PERSONAL_ACCESS_TOKEN';

/** The operations on a person's own credentials; a personal access token may do none of them. */
export const CredentialOperations = ['signOut', 'createAccessToken', 'changePassword', 'revokeSession', 'signOutEverywhere'] as const;
export type CredentialOperation = (typeof CredentialOperations)[number];

/**
 * Whether a caller authenticated by `kind` may perform `operation` on the account's credentials.
 * A personal access token is for scripts, and a leaked one must stay containable by revoking it:
 * it may not mint further tokens (they would outlive its revocation), change the password or end
 * the owner's sessions (a thief would lock the owner out). `signOut` with one is refused rather
 * than answered true: it would not end the token, and a script that believes it did keeps a live
 * secret around.
 */
export function checkCredentialMay(kind: CredentialKind, operation: CredentialOperation): Result<true, DomainError<AccessErrorCode>> {
  if (kind === 'SESSION') return ok(true);
  if (operation === 'signOut') {
    return err({
      code: AccessErrors.personalTokenSignOut,
      message: 'A personal access token cannot sign out: revoke it with revokeAccessToken instead',
    });
  }
  return err({
    code: AccessErrors.personalTokenNotAllowed,
    message: `A personal access token may not ${OPERATION_WORDS[operation]}; sign in with your password to do it`,
    params: { operation },
  });
}

const OPERATION_WORDS: Record<Exclude<CredentialOperation, 'signOut'>, string> = {
  createAccessToken: 'create personal access tokens',
  changePassword: 'change the password',
  revokeSession: 'end sessions',
  signOutEverywhere: 'sign out everywhere',
};
