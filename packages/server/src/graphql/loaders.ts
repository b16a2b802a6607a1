import DataLoader from 'dataloader';
import { In, type DataSource } from 'typeorm';
import { CertificateEntity } from '../certificate/certificate.entity.js';
import { RestAccountCertificateEntity, RestAccountEntity, RestAccountPermissionEntity } from '../rest-account/rest-account.entity.js';

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
  return {
    permissionCodesByAccount: new DataLoader<string, string[]>(async (ids) => {
      const rows = await ds.getRepository(RestAccountPermissionEntity).findBy({ accountId: In([...ids]) });
      return group(ids, rows, (r) => r.accountId).map((rs) => rs.map((r) => r.permissionCode).sort());
    }),
    certificatesByAccount: new DataLoader<string, CertificateEntity[]>(async (ids) => {
      const links = await ds.getRepository(RestAccountCertificateEntity).findBy({ accountId: In([...ids]) });
      const certs = links.length
        ? await ds.getRepository(CertificateEntity).findBy({ id: In([...new Set(links.map((l) => l.certificateId))]) })
        : [];
      const byId = new Map(certs.map((c) => [c.id, c]));
      return group(ids, links, (l) => l.accountId).map((ls) =>
        ls.map((l) => byId.get(l.certificateId)!).sort((a, b) => b.notAfter.getTime() - a.notAfter.getTime()),
      );
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
