import { assertionRefusedFromMs, type TokenAttemptParams } from '@chaman/domain';
import type { Db, Tx } from '../db/database.js';
import { oauthRepository } from './oauth.repository.js';

/** One row of token_attempt: what a token request asked and what it got. */
export interface AttemptRecord {
  accountId: string;
  clientId: string;
  outcome: string;
  reason: string;
  /** The reason's code (TOKEN_ATTEMPT_REASONS) and params, for the owners' language; null when it has none. */
  reasonCode: string | null;
  reasonParams: TokenAttemptParams | null;
  certificateId: string | null;
  ip: string;
}

/**
 * A refused request whose caller proved no key of the account it named: counted per account and
 * source IP instead of listed one by one, so that anyone's junk cannot push the account's real
 * attempts out of its history.
 */
export interface UnprovenAttempt {
  accountId: string;
  clientId: string;
  ip: string;
  outcome: string;
  reason: string;
  reasonCode: string | null;
  reasonParams: TokenAttemptParams | null;
}

/** What a token request leaves in the database. */
export interface TokenRecord {
  /** The assertion's jti, single-use per client until it expires. */
  jti?: { clientId: string; jti: string; exp: number };
  /** The attempt to record (null when no account could be named). */
  attempt: AttemptRecord | null;
  /** The attempt to record instead when the jti had been used before. */
  onReplay?: AttemptRecord | null;
  /** A refusal of a caller who proved no key: added to the account's count for its IP. */
  unproven?: UnprovenAttempt | null;
}

/** `replayed` when the jti had been used before: the request must be refused. */
export type RecordOutcome = 'recorded' | 'replayed';

/** Token requests written in one transaction at most: bounds the statements' parameters. */
const MAX_BATCH = 100;

/**
 * Group commit for the token endpoint. Every token request writes its jti and its attempt before
 * it is answered, and a commit costs far more than the rows (on SQLite about 150 µs of page writes,
 * on PostgreSQL a WAL flush), so requests that arrive while a commit is under way share the next
 * transaction: one multi-row insert of jtis (ON CONFLICT DO NOTHING ... RETURNING tells which were
 * new) and one of attempts. A request is answered only once its own transaction has committed; an
 * idle server still commits each request on its own, at once.
 */
export function createTokenRecorder(db: Db) {
  interface Pending {
    record: TokenRecord;
    resolve: (outcome: RecordOutcome) => void;
    reject: (error: unknown) => void;
  }
  let queue: Pending[] = [];
  let flushing = false;

  async function write(tx: Tx, records: TokenRecord[]): Promise<RecordOutcome[]> {
    const jtis = records.flatMap((r) => (r.jti ? [r.jti] : []));
    const fresh = await oauthRepository.insertJtis(tx, jtis.map((j) => ({ clientId: j.clientId, jti: j.jti, expiresAt: assertionRefusedFromMs(j.exp) })));
    // The first request with a jti new to the database gets it; any other with the same one is a replay.
    const outcomes = records.map((r): RecordOutcome => {
      if (!r.jti) return 'recorded';
      return fresh.delete(`${r.jti.clientId}\n${r.jti.jti}`) ? 'recorded' : 'replayed';
    });
    const attempts = records.flatMap((r, i) => {
      const attempt = outcomes[i] === 'replayed' ? r.onReplay : r.attempt;
      return attempt ? [attempt] : [];
    });
    const at = Date.now();
    await oauthRepository.insertAttempts(tx, attempts, at);
    await oauthRepository.countUnprovenAttempts(tx, records.flatMap((r) => (r.unproven ? [r.unproven] : [])), at);
    return outcomes;
  }

  async function flush(): Promise<void> {
    while (queue.length > 0) {
      const batch = queue.slice(0, MAX_BATCH);
      queue = queue.slice(MAX_BATCH);
      try {
        const outcomes = await db.transact((tx) => write(tx, batch.map((p) => p.record)));
        batch.forEach((p, i) => p.resolve(outcomes[i]!));
      } catch (error) {
        if (batch.length === 1) {
          batch[0]!.reject(error);
          continue;
        }
        // Nothing of the shared transaction was written. One request's rows must not fail the
        // others: each is written again on its own.
        for (const p of batch) {
          await db.transact((tx) => write(tx, [p.record])).then(([outcome]) => p.resolve(outcome!), p.reject);
        }
      }
    }
    flushing = false;
  }

  /** Writes the record in the next shared transaction; resolves once that has committed. */
  return function record(record: TokenRecord): Promise<RecordOutcome> {
    // Nothing to write (a refusal that names no account and spends no jti): no transaction, which on
    // SQLite would hold the write lock for nothing.
    if (!record.jti && !record.attempt && !record.onReplay && !record.unproven) return Promise.resolve('recorded');
    return new Promise<RecordOutcome>((resolve, reject) => {
      queue.push({ record, resolve, reject });
      if (!flushing) {
        flushing = true;
        // Requests parsed in the same turn of the event loop join this first transaction.
        setImmediate(() => void flush());
      }
    });
  };
}

export type TokenRecorder = ReturnType<typeof createTokenRecorder>;

/** How long the attempt history goes back. */
const ATTEMPT_RETENTION_MS = 30 * 86_400_000;

/**
 * Keeps the replay store and the attempt history bounded: jtis whose assertions their exp refuses
 * from now on (a jti is kept through the last second its assertion is accepted) and old attempts go.
 */
export function purgeTokenRecords(db: Db, now: number): Promise<void> {
  return db.transact((tx) => oauthRepository.purge(tx, now, now - ATTEMPT_RETENTION_MS));
}
