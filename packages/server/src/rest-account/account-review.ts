import type { Tx } from '../db/database.js';
import { accessRepository } from '../access/access.repository.js';
import { companyRepository } from '../company/company.repository.js';
import { enqueue } from '../mail/outbox.js';
import { audit } from '../shared/audit.js';
import type { Deps } from '../shared/use-case.js';
import { emitReviewRequired } from '../webhook/events.js';
import { restAccountRepository } from './rest-account.repository.js';

/** The review flag's reason: the one sentence the account shows. */
const reasonFor = (who: string, cause: 'role' | 'mandate') =>
  `created by someone who no longer has access: ${who} (${cause === 'role' ? 'role revoked' : 'mandate ended'})`;

/**
 * Someone who no longer has access made REST accounts or added certificates to them: they may still
 * hold a private key that obtains tokens. The accounts are flagged for review (not disabled: that
 * would stop the company's payroll), each flag audited in its company's log, and each company's
 * access managers told by mail, in their language. In the caller's transaction.
 */
async function flagged(tx: Tx, deps: Deps, accounts: { id: string; clientId: string; name: string; companyId: string }[], who: string, cause: 'role' | 'mandate'): Promise<void> {
  const byCompany = new Map<string, typeof accounts>();
  for (const a of accounts) {
    (byCompany.get(a.companyId) ?? byCompany.set(a.companyId, []).get(a.companyId)!).push(a);
    await audit(tx, deps, { companyId: a.companyId, action: 'rest-account.review-flagged', targetType: 'rest-account', targetId: a.id, details: { clientId: a.clientId, reason: reasonFor(who, cause) } });
    await emitReviewRequired(tx, deps.now(), a.companyId, { accountId: a.id, clientId: a.clientId, name: a.name, reason: reasonFor(who, cause) });
  }
  const now = deps.now();
  for (const [companyId, list] of byCompany) {
    const company = await companyRepository.withProviders(tx, companyId, Date.now());
    for (const manager of await accessRepository.managersToTell(tx, companyId)) {
      await enqueue(
        tx,
        {
          kind: 'restAccountReview',
          to: manager.email,
          language: manager.language,
          params: { firstName: manager.first_name, company: company?.entity.name ?? companyId, who, cause, accounts: list.map((a) => `${a.name} (${a.clientId})`), url: `${deps.config.publicUrl}/` },
        },
        now,
      );
    }
  }
}

/** After `personId`'s role in `companyId` was revoked: when they no longer use Chaman there, what they made from there is to review. */
export async function reviewAfterRevocation(tx: Tx, deps: Deps, companyId: string, personId: string, email: string): Promise<void> {
  if (await accessRepository.usesChaman(tx, companyId, personId)) return;
  const accounts = await restAccountRepository.flagMadeBy(tx, personId, companyId, reasonFor(email, 'role'), deps.now());
  if (accounts.length > 0) await flagged(tx, deps, accounts, email, 'role');
}

/** After a mandate ended: what the provider's people made for the mandator is to review. */
export async function reviewAfterMandate(tx: Tx, deps: Deps, mandatorId: string, providerId: string): Promise<void> {
  const provider = (await companyRepository.withProviders(tx, providerId, Date.now()))?.entity;
  const who = provider ? `${provider.name} (${provider.enterpriseNumber})` : providerId;
  const accounts = await restAccountRepository.flagMadeVia(tx, mandatorId, providerId, reasonFor(who, 'mandate'), deps.now());
  if (accounts.length > 0) await flagged(tx, deps, accounts, who, 'mandate');
}
