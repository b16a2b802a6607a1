import DataLoader from 'dataloader';
import { In, type DataSource } from 'typeorm';
import type { CertificateEntity } from '../certificate/certificate.entity.js';
import { CERTIFICATE_COLUMNS, marks, rowToCertificate } from '../db/rows.js';
import { RestAccountCertificateEntity, RestAccountEntity } from '../rest-account/rest-account.entity.js';

function group<K, V>(keys: readonly K[], rows: V[], keyOf: (v: V) => K): V[][] {
  const map = new Map<K, V[]>(keys.map((k) => [k, []]));
  for (const r of rows) map.get(keyOf(r))?.push(r);
  return keys.map((k) => map.get(k) ?? []);
}

/**
 * Per-request batch loaders: a page of N accounts loads its permissions in one statement and its
 * certificates in one statement, whatever N (no query per row).
 */
export function createLoaders(ds: DataSource) {
  const pg = ds.options.type === 'postgres';
  return {
    permissionCodesByAccount: new DataLoader<string, string[]>(async (ids) => {
      const rows: { account_id: string; permission_code: string }[] = await ds.query(
        `SELECT account_id, permission_code FROM rest_account_permission WHERE account_id IN (${marks(pg, ids.length)})`,
        [...ids],
      );
      return group(ids, rows, (r) => r.account_id).map((rs) => rs.map((r) => r.permission_code).sort());
    }),
    certificatesByAccount: new DataLoader<string, CertificateEntity[]>(async (ids) => {
      const rows: Record<string, unknown>[] = await ds.query(
        `SELECT rc.account_id AS link_account_id, ${CERTIFICATE_COLUMNS} FROM rest_account_certificate rc
           JOIN certificate c ON c.id = rc.certificate_id WHERE rc.account_id IN (${marks(pg, ids.length)}) ORDER BY c.not_after DESC`,
        [...ids],
      );
      return group(ids, rows, (r) => r.link_account_id as string).map((rs) => rs.map(rowToCertificate));
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
}

export type Loaders = ReturnType<typeof createLoaders>;
