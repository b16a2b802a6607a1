import { Counters1764000000000 } from './1764000000000-counters.js';
import { Identity1764000001000 } from './1764000001000-identity.js';
import { Certificates1764000002000 } from './1764000002000-certificates.js';
import { RestAccounts1764000003000 } from './1764000003000-rest-accounts.js';
import { OAuth1764000004000 } from './1764000004000-oauth.js';
import { AccountLists1764000005000 } from './1764000005000-account-lists.js';
import { EmailVerified1764000009000 } from './1764000009000-email-verified.js';
import { IdentityLinks1764000010000 } from './1764000010000-identity-links.js';

/** Every migration, oldest first. Never edit one that has been released; add a new one. */
export const migrations = [Counters1764000000000, Identity1764000001000, Certificates1764000002000, RestAccounts1764000003000, OAuth1764000004000, AccountLists1764000005000, EmailVerified1764000009000, IdentityLinks1764000010000];
