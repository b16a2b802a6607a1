import type { Reader, Tx } from '../db/database.js';
import { newId } from '../db/ids.js';
import { sql } from '../db/sql.js';
import type { TokenAttemptParams } from '@chaman/domain';

/** What the token endpoint needs of an account. */
export interface ClientAccountRow {
  id: string;
  client_id: string;
  status: string;
  company_id: string;
  enterprise_number: string;
  permission_codes: string;
}

/** What the token endpoint needs of a certificate to verify an assertion with it. */
export interface ClientCertificateRow {
  id: string;
  name: string;
  x5t_s256: string;
  sha256_fingerprint: string;
  key_algorithm: string;
  curve: string | null;
  jwk: string;
  not_before: string | number;
  not_after: string | number;
}

export interface AttemptRow {
  accountId: string | null;
  clientId: string;
  outcome: string;
  reason: string;
  reasonCode: string | null;
  reasonParams: TokenAttemptParams | null;
  certificateId: string | null;
  ip: string;
}

/** A reason's params as stored: JSON, each text cut to 500 characters (names and hints come from the caller or the owners). */
function paramsText(params: TokenAttemptParams | null): string | null {
  if (!params) return null;
  return JSON.stringify(Object.fromEntries(Object.entries(params).map(([k, v]) => [k, typeof v === 'string' ? v.slice(0, 500) : v])));
}

export interface ServerKeyRow {
  kid: string;
  alg: string;
  private_jwk: string;
  public_jwk: string;
  created_at: string | number;
  retired_at: string | number | null;
}

type ClientRow = ClientAccountRow & { [K in keyof ClientCertificateRow as `cert_${K}`]: ClientCertificateRow[K] | null };

export const oauthRepository = {
  /** The account with this client ID, its company's number and its certificates, in one statement (a row per certificate). */
  async client(db: Reader, clientId: string): Promise<{ account: ClientAccountRow; certificates: ClientCertificateRow[] } | null> {
    const rows = await db.all<ClientRow>(sql`SELECT a.id, a.client_id, a.status, a.company_id, co.enterprise_number, a.permission_codes,
            c.id AS cert_id, c.name AS cert_name, c.x5t_s256 AS cert_x5t_s256, c.sha256_fingerprint AS cert_sha256_fingerprint,
            c.key_algorithm AS cert_key_algorithm, c.curve AS cert_curve, c.jwk AS cert_jwk,
            c.not_before AS cert_not_before, c.not_after AS cert_not_after
       FROM rest_account a JOIN company co ON co.id = a.company_id
       LEFT JOIN rest_account_certificate rc ON rc.account_id = a.id
       LEFT JOIN certificate c ON c.id = rc.certificate_id
      WHERE a.client_id = ${clientId}`);
    const first = rows[0];
    if (!first) return null;
    const account = {
      id: first.id,
      client_id: first.client_id,
      status: first.status,
      company_id: first.company_id,
      enterprise_number: first.enterprise_number,
      permission_codes: first.permission_codes,
    };
    const certificates = rows.flatMap((r) =>
      r.cert_id === null
        ? []
        : [
            {
              id: r.cert_id,
              name: r.cert_name!,
              x5t_s256: r.cert_x5t_s256!,
              sha256_fingerprint: r.cert_sha256_fingerprint!,
              key_algorithm: r.cert_key_algorithm!,
              curve: r.cert_curve,
              jwk: r.cert_jwk!,
              not_before: r.cert_not_before!,
              not_after: r.cert_not_after!,
            },
          ],
    );
    return { account, certificates };
  },

  async clientStatus(db: Reader, clientId: string): Promise<string | null> {
    return (await db.one<{ status: string }>(sql`SELECT status FROM rest_account WHERE client_id = ${clientId}`))?.status ?? null;
  },

  /**
   * Records jtis, each once (ON CONFLICT DO NOTHING ... RETURNING tells which were new): answers the
   * keys (client ID, newline, jti) of those that were.
   */
  async insertJtis(tx: Tx, jtis: { clientId: string; jti: string; expiresAt: number }[]): Promise<Set<string>> {
    if (jtis.length === 0) return new Set();
    const inserted = await tx.all<{ client_id: string; jti: string }>(sql`INSERT INTO assertion_jti (client_id, jti, expires_at)
      VALUES ${sql.join(jtis.map((j) => sql`(${j.clientId}, ${j.jti}, ${j.expiresAt})`))}
      ON CONFLICT DO NOTHING RETURNING client_id, jti`);
    return new Set(inserted.map((row) => `${row.client_id}\n${row.jti}`));
  },

  async insertAttempts(tx: Tx, attempts: AttemptRow[], at: number): Promise<void> {
    if (attempts.length === 0) return;
    // Time-ordered ids: new attempts go to the end of the primary key's B-tree instead of
    // dirtying a random page each, which the commit would have to write.
    await tx.run(sql`INSERT INTO token_attempt (id, account_id, client_id, at, outcome, reason, reason_code, reason_params, certificate_id, ip)
      VALUES ${sql.join(
        attempts.map(
          (a) =>
            sql`(${newId()}, ${a.accountId}, ${a.clientId}, ${at}, ${a.outcome}, ${a.reason.slice(0, 500)}, ${a.reasonCode}, ${paramsText(a.reasonParams)}, ${a.certificateId}, ${a.ip.slice(0, 64)})`,
        ),
      )}`);
  },

  /**
   * Adds refusals of callers who proved no key to their account's count for their IP, one row per
   * account and IP (requests of one batch are summed first: one statement may not change a row twice).
   */
  async countUnprovenAttempts(
    tx: Tx,
    attempts: { accountId: string; clientId: string; ip: string; outcome: string; reason: string; reasonCode: string | null; reasonParams: TokenAttemptParams | null }[],
    at: number,
  ): Promise<void> {
    if (attempts.length === 0) return;
    const summed = new Map<string, (typeof attempts)[number] & { count: number }>();
    for (const a of attempts) {
      const ip = a.ip.slice(0, 64);
      const key = `${a.accountId}\n${ip}`;
      const known = summed.get(key);
      // The last one of the batch gives the last reason.
      summed.set(key, { ...a, ip, reason: a.reason.slice(0, 500), count: (known?.count ?? 0) + 1 });
    }
    await tx.run(sql`INSERT INTO token_attempt_unproven (account_id, ip, client_id, attempts, first_at, last_at, last_outcome, last_reason, last_reason_code, last_reason_params)
      VALUES ${sql.join(
        [...summed.values()].map(
          (a) => sql`(${a.accountId}, ${a.ip}, ${a.clientId}, ${a.count}, ${at}, ${at}, ${a.outcome}, ${a.reason}, ${a.reasonCode}, ${paramsText(a.reasonParams)})`,
        ),
      )}
      ON CONFLICT (account_id, ip) DO UPDATE SET attempts = token_attempt_unproven.attempts + excluded.attempts, last_at = excluded.last_at,
        last_outcome = excluded.last_outcome, last_reason = excluded.last_reason, last_reason_code = excluded.last_reason_code,
        last_reason_params = excluded.last_reason_params`);
  },

  /** Whether a jti of this client was spent and is still kept (its assertion still acceptable by its exp): read only, it spends nothing. */
  async jtiSpent(db: Reader, clientId: string, jti: string, now: number): Promise<boolean> {
    return (await db.one(sql`SELECT 1 AS spent FROM assertion_jti WHERE client_id = ${clientId} AND jti = ${jti} AND expires_at > ${now}`)) !== undefined;
  },

  /**
   * Forgets jtis whose assertions are refused by their exp from now on (expires_at is the first such
   * millisecond), attempts older than `attemptsBefore`, and counts of unproven attempts last seen before it.
   */
  async purge(tx: Tx, now: number, attemptsBefore: number): Promise<void> {
    await tx.run(sql`DELETE FROM assertion_jti WHERE expires_at <= ${now}`);
    await tx.run(sql`DELETE FROM token_attempt WHERE at < ${attemptsBefore}`);
    await tx.run(sql`DELETE FROM token_attempt_unproven WHERE last_at < ${attemptsBefore}`);
  },

  async serverKeys(db: Reader): Promise<ServerKeyRow[]> {
    return db.all<ServerKeyRow>(sql`SELECT kid, alg, private_jwk, public_jwk, created_at, retired_at FROM server_key`);
  },

  /** Every server key's private half as stored (encrypted, or in clear by an older version), locked until the transaction ends. */
  async serverKeyPrivates(tx: Tx): Promise<{ kid: string; private_jwk: string }[]> {
    return tx.all<{ kid: string; private_jwk: string }>(sql`SELECT kid, private_jwk FROM server_key ORDER BY kid${sql.forUpdate()}`);
  },

  /** Replaces a private key stored in clear by its encryption, unless another instance did it first. */
  async encryptServerKey(tx: Tx, kid: string, clear: string, encrypted: string): Promise<void> {
    await tx.run(sql`UPDATE server_key SET private_jwk = ${encrypted} WHERE kid = ${kid} AND private_jwk = ${clear}`);
  },

  async activeServerKeyCount(tx: Tx): Promise<number> {
    return Number((await tx.one<{ n: unknown }>(sql`SELECT count(*) AS n FROM server_key WHERE retired_at IS NULL`))!.n);
  },

  async retireServerKeys(tx: Tx, at: number): Promise<void> {
    await tx.run(sql`UPDATE server_key SET retired_at = ${at} WHERE retired_at IS NULL`);
  },

  async insertServerKey(tx: Tx, key: { kid: string; alg: string; privateJwk: string; publicJwk: string; createdAt: number }): Promise<void> {
    await tx.run(sql`INSERT INTO server_key (kid, alg, private_jwk, public_jwk, created_at) VALUES (${key.kid}, ${key.alg}, ${key.privateJwk}, ${key.publicJwk}, ${key.createdAt})`);
  },
};
