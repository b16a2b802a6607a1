import { Counters1764000000000 } from './1764000000000-counters.js';
import { Identity1764000001000 } from './1764000001000-identity.js';
import { Certificates1764000002000 } from './1764000002000-certificates.js';
import { RestAccounts1764000003000 } from './1764000003000-rest-accounts.js';
import { OAuth1764000004000 } from './1764000004000-oauth.js';
import { AccountLists1764000005000 } from './1764000005000-account-lists.js';
import { Mail1764000006000 } from './1764000006000-mail.js';
import { PersonHistory1764000007000 } from './1764000007000-person-history.js';
import { Sessions1764000008000 } from './1764000008000-sessions.js';
import { EmailVerified1764000009000 } from './1764000009000-email-verified.js';
import { IdentityLinks1764000010000 } from './1764000010000-identity-links.js';
import { EmployerApproval1764000011000 } from './1764000011000-employer-approval.js';
import { EmailProofs1764000012000 } from './1764000012000-email-proofs.js';
import { TokenHardening1764000013000 } from './1764000013000-token-hardening.js';
import { AccountReviews1764000014000 } from './1764000014000-account-reviews.js';
import { AttemptReasons1764000017000 } from './1764000017000-attempt-reasons.js';
import { Reminders1764000018000 } from './1764000018000-reminders.js';
import { Webhooks1764000018500 } from './1764000018500-webhooks.js';
import { TokenRefusalCounts1764000019000 } from './1764000019000-token-refusal-counts.js';

/** Every migration, oldest first (one per line). Never edit one that has been released; add a new one. */
export const migrations = [
  Counters1764000000000,
  Identity1764000001000,
  Certificates1764000002000,
  RestAccounts1764000003000,
  OAuth1764000004000,
  AccountLists1764000005000,
  Mail1764000006000,
  PersonHistory1764000007000,
  Sessions1764000008000,
  EmailVerified1764000009000,
  IdentityLinks1764000010000,
  EmployerApproval1764000011000,
  EmailProofs1764000012000,
  TokenHardening1764000013000,
  AccountReviews1764000014000,
  AttemptReasons1764000017000,
  Reminders1764000018000,
  Webhooks1764000018500,
  TokenRefusalCounts1764000019000,
];
