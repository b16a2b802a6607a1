import DataLoader from 'dataloader';
import { In, type DataSource } from 'typeorm';
import type { CertificateEntity } from '../certificate/certificate.entity.js';
import { CERTIFICATE_COLUMNS, marks, rowToCertificate } from '../db/rows.js';
import { RestAccountCertificateEntity, RestAccountEntity } from '../rest-account/rest-account.entity.js';
import { select } from '../db/select.js';

/** Orders certificates latest-ending first, as an account lists them. */
export const latestEndingFirst = (a: CertificateEntity, b: CertificateEntity) => b.notAfter.getTime() - a.notAfter.getTime();

function group<K, V>(keys: readonly K[], rows: V[], keyOf: (v: V) => K): V[][] {
  const map = new Map<K, V[]>(keys.map((k) => [k, []]));
  for (const r of rows) map.get(keyOf(r))?.push(r);
  return keys.map((k) => map.get(k) ?? []);
}

/**
 * Per-request batch loaders for what a query did not bring along: permissions and certificate links
 * of N accounts in one statement each, their distinct certificates in one more, whatever N (no
 * query per row). A page of accounts needs none of them (restAccounts reads its own), but primes
 * certificateById with the certificates it read.
 */
export function createLoaders(ds: DataSource) {
  const pg = ds.options.type === 'postgres';
  const loaders = {
    permissionCodesByAccount: new DataLoader<string, string[]>(async (ids) => {
      const rows: { account_id: string; permission_code: string }[] = await select(ds,
        `SELECT account_id, permission_code FROM rest_account_permission WHERE account_id IN (${marks(pg, ids.length)})`,
        [...ids],
      );
      return group(ids, rows, (r) => r.account_id).map((rs) => rs.map((r) => r.permission_code).sort());
    }),
    /** The ids of each account's certificates. */
    certificateIdsByAccount: new DataLoader<string, string[]>(async (ids) => {
      const rows: { account_id: string; certificate_id: string }[] = await select(ds,
        `SELECT account_id, certificate_id FROM rest_account_certificate WHERE account_id IN (${marks(pg, ids.length)})`,
        [...ids],
      );
      return group(ids, rows, (r) => r.account_id).map((rs) => rs.map((r) => r.certificate_id));
    }),
    /** Certificates by id: a page of accounts sharing one certificate reads its row once. */
    certificateById: new DataLoader<string, CertificateEntity | null>(async (ids) => {
      const rows: Record<string, unknown>[] = await select(ds, `SELECT ${CERTIFICATE_COLUMNS} FROM certificate c WHERE c.id IN (${marks(pg, ids.length)})`, [
        ...ids,
      ]);
      const byId = new Map(rows.map((r) => [r.id as string, rowToCertificate(r)]));
      return ids.map((id) => byId.get(id) ?? null);
    }),
    accountsByCertificate: new DataLoader<string, RestAccountEntity[]>(async (ids) => {
      const links = await ds.getRepository(RestAccountCertificateEntity).findBy({ certificateId: In([...ids]) });
      const accounts = links.length
        ? await ds.getRepository(RestAccountEntity).findBy({ id: In([...new Set(links.map((l) => l.accountId))]) })
        : [];
      const byId = new Map(accounts.map((a) => [a.id, a]));
      return group(ids, links, (l) => l.certificateId).map((ls) =>
        ls.map((l) => byId.get(l.accountId)!).sort((a, b) => a.clientNumber - b.clientNumber),
      );
    }),
  };
  return {
    ...loaders,
    /** An account's certificates, latest-ending first. */
    async certificatesOfAccount(accountId: string): Promise<CertificateEntity[]> {
      const ids = await loaders.certificateIdsByAccount.load(accountId);
      const certificates = await loaders.certificateById.loadMany(ids);
      return certificates
        .filter((c): c is CertificateEntity => c !== null && !(c instanceof Error))
        .sort(latestEndingFirst);
    },
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
