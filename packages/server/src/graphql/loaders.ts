import DataLoader from 'dataloader';
import type { Db } from '../db/database.js';
import { restAccountRepository, type RestAccountView } from '../rest-account/rest-account.repository.js';

/**
 * Per-request batch loaders for nested lists: the accounts of N certificates in a fixed number of
 * statements, whatever N (no query per row).
 */
export function createLoaders(db: Db) {
  return {
    accountsByCertificate: new DataLoader<string, RestAccountView[]>(async (ids) => {
      const byCertificate = await restAccountRepository.usingCertificates(db, ids);
      return ids.map((id) => byCertificate.get(id) ?? []);
    }),
    /** For each account, when each of its certificates last obtained a token (certificate id -> time). */
    certificateLastUses: new DataLoader<string, Map<string, Date>>(async (ids) => {
      const byAccount = await restAccountRepository.certificateLastUses(db, ids);
      return ids.map((id) => byAccount.get(id) ?? new Map<string, Date>());
    }),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
