import type { Reader, Tx } from '../db/database.js';
import { toDate, toDateOrNull } from '../db/rows.js';
import { sql } from '../db/sql.js';

/** An endpoint as its owners see it (never its secrets). */
export interface WebhookRow {
  id: string;
  companyId: string;
  url: string;
  events: string[];
  enabled: boolean;
  createdAt: Date;
  failingSince: Date | null;
  disabledReason: string | null;
}

export type DeliveryStatus = 'PENDING' | 'SENT' | 'FAILED';

/** One event for one endpoint, as its delivery log shows it. */
export interface DeliveryRow {
  id: string;
  webhookId: string;
  messageId: string;
  eventType: string;
  payload: string;
  status: DeliveryStatus;
  createdAt: Date;
  attempts: number;
  nextAttemptAt: Date;
  lastAttemptAt: Date | null;
  deliveredAt: Date | null;
  lastStatusCode: number | null;
  lastError: string | null;
}

/** A claimed delivery with what the sender needs: where, and the secrets that sign it. */
export interface ClaimedDelivery {
  id: string;
  messageId: string;
  webhookId: string;
  companyId: string;
  eventType: string;
  payload: string;
  attempts: number;
  retryFrom: number;
  url: string;
  enabled: boolean;
  secret: string;
  previousSecret: string | null;
  previousSecretUntil: number | null;
  failingSince: number | null;
}

/** ",a,b,": one LIKE finds the endpoints of an event. */
export const eventsColumn = (events: readonly string[]) => `,${events.join(',')},`;
const eventsOf = (column: unknown) => String(column).split(',').filter(Boolean);
const bool = (v: unknown) => v === true || v === 1 || v === '1';

const WEBHOOK_COLUMNS = sql`id, company_id, url, events, enabled, created_at, failing_since, disabled_reason`;
function toWebhook(r: Record<string, unknown>): WebhookRow {
  return {
    id: r.id as string,
    companyId: r.company_id as string,
    url: r.url as string,
    events: eventsOf(r.events),
    enabled: bool(r.enabled),
    createdAt: toDate(r.created_at),
    failingSince: toDateOrNull(r.failing_since),
    disabledReason: (r.disabled_reason as string | null) ?? null,
  };
}

const DELIVERY_COLUMNS = sql`id, webhook_id, message_id, event_type, payload, status, created_at, attempts, next_attempt_at, last_attempt_at, delivered_at, last_status_code, last_error`;
function toDelivery(r: Record<string, unknown>): DeliveryRow {
  return {
    id: r.id as string,
    webhookId: r.webhook_id as string,
    messageId: r.message_id as string,
    eventType: r.event_type as string,
    payload: r.payload as string,
    status: r.status as DeliveryStatus,
    createdAt: toDate(r.created_at),
    attempts: Number(r.attempts),
    nextAttemptAt: toDate(r.next_attempt_at),
    lastAttemptAt: toDateOrNull(r.last_attempt_at),
    deliveredAt: toDateOrNull(r.delivered_at),
    lastStatusCode: r.last_status_code === null || r.last_status_code === undefined ? null : Number(r.last_status_code),
    lastError: (r.last_error as string | null) ?? null,
  };
}

/** Pending, due, and held by no sender (or by one whose lease ran out: it died or hung). */
const due = (now: number) => sql`d.status = 'PENDING' AND d.next_attempt_at <= ${now} AND (d.lease_until IS NULL OR d.lease_until <= ${now})`;

/** Every statement about webhook endpoints, their deliveries and the bursts of refused token requests. */
export const webhookRepository = {
  async insert(
    tx: Tx,
    w: { id: string; companyId: string; url: string; events: readonly string[]; secret: string; createdAt: Date; createdBy: string },
  ): Promise<void> {
    await tx.run(sql`INSERT INTO webhook (id, company_id, url, events, enabled, secret, previous_secret, previous_secret_until, created_at, created_by, failing_since, disabled_reason)
      VALUES (${w.id}, ${w.companyId}, ${w.url}, ${eventsColumn(w.events)}, ${true}, ${w.secret}, NULL, NULL, ${w.createdAt.getTime()}, ${w.createdBy}, NULL, NULL)`);
  },

  async count(tx: Reader, companyId: string): Promise<number> {
    const row = await tx.one<{ n: unknown }>(sql`SELECT count(*) AS n FROM webhook WHERE company_id = ${companyId}`);
    return Number(row?.n ?? 0);
  },

  async ofCompany(db: Reader, companyId: string): Promise<WebhookRow[]> {
    return (await db.all(sql`SELECT ${WEBHOOK_COLUMNS} FROM webhook WHERE company_id = ${companyId} ORDER BY id`)).map(toWebhook);
  },

  async byId(db: Reader, id: string): Promise<WebhookRow | null> {
    const row = await db.one(sql`SELECT ${WEBHOOK_COLUMNS} FROM webhook WHERE id = ${id}`);
    return row ? toWebhook(row) : null;
  },

  /** The endpoint, its row locked until commit on PostgreSQL. */
  async lock(tx: Tx, id: string): Promise<WebhookRow | null> {
    const row = await tx.one(sql`SELECT ${WEBHOOK_COLUMNS} FROM webhook WHERE id = ${id}${sql.forUpdate()}`);
    return row ? toWebhook(row) : null;
  },

  async update(tx: Tx, id: string, change: { url: string; events: readonly string[]; enabled: boolean }): Promise<void> {
    // Enabling again forgets the failures that disabled it.
    await tx.run(sql`UPDATE webhook SET url = ${change.url}, events = ${eventsColumn(change.events)}, enabled = ${change.enabled},
        failing_since = CASE WHEN ${change.enabled} AND NOT enabled THEN NULL ELSE failing_since END,
        disabled_reason = CASE WHEN ${change.enabled} THEN NULL ELSE disabled_reason END
      WHERE id = ${id}`);
  },

  /** A new secret; the current one keeps signing beside it until `previousUntil`. */
  async rotate(tx: Tx, id: string, secret: string, previousUntil: number): Promise<void> {
    await tx.run(sql`UPDATE webhook SET previous_secret = secret, previous_secret_until = ${previousUntil}, secret = ${secret} WHERE id = ${id}`);
  },

  async delete(tx: Tx, id: string): Promise<void> {
    await tx.run(sql`DELETE FROM webhook_delivery WHERE webhook_id = ${id}`);
    await tx.run(sql`DELETE FROM webhook WHERE id = ${id}`);
  },

  /** The enabled endpoints of the company that subscribed to `eventType`. */
  async subscribers(tx: Reader, companyId: string, eventType: string): Promise<string[]> {
    const rows = await tx.all<{ id: string }>(sql`SELECT id FROM webhook WHERE company_id = ${companyId} AND enabled = ${true} AND events LIKE ${`%,${eventType},%`}`);
    return rows.map((r) => r.id);
  },

  async insertDelivery(tx: Tx, d: { id: string; webhookId: string; messageId: string; eventType: string; payload: string; at: number }): Promise<void> {
    await tx.run(sql`INSERT INTO webhook_delivery (id, webhook_id, message_id, event_type, payload, status, created_at, retry_from, next_attempt_at, attempts, lease_until, claim, delivered_at, last_attempt_at, last_status_code, last_error)
      VALUES (${d.id}, ${d.webhookId}, ${d.messageId}, ${d.eventType}, ${d.payload}, 'PENDING', ${d.at}, ${d.at}, ${d.at}, 0, NULL, NULL, NULL, NULL, NULL, NULL)`);
  },

  /** A page of an endpoint's delivery log, newest first (keyset on the time-ordered id). */
  async deliveries(db: Reader, webhookId: string, before: string | null, limit: number): Promise<DeliveryRow[]> {
    const rows = await db.all(sql`SELECT ${DELIVERY_COLUMNS} FROM webhook_delivery
      WHERE webhook_id = ${webhookId}${before ? sql` AND id < ${before}` : sql``} ORDER BY id DESC LIMIT ${limit}`);
    return rows.map(toDelivery);
  },

  async deliveryById(db: Reader, id: string): Promise<(DeliveryRow & { companyId: string }) | null> {
    const row = await db.one(sql`SELECT d.id, d.webhook_id, d.message_id, d.event_type, d.payload, d.status, d.created_at, d.attempts, d.next_attempt_at, d.last_attempt_at,
        d.delivered_at, d.last_status_code, d.last_error, w.company_id
      FROM webhook_delivery d JOIN webhook w ON w.id = d.webhook_id WHERE d.id = ${id}`);
    return row ? { ...toDelivery(row), companyId: row.company_id as string } : null;
  },

  /** Due again now, with 24 more hours of retries; false when it is pending already. */
  async redeliver(tx: Tx, id: string, now: number): Promise<boolean> {
    return (
      (await tx.run(sql`UPDATE webhook_delivery SET status = 'PENDING', retry_from = ${now}, next_attempt_at = ${now}, lease_until = NULL, claim = NULL
        WHERE id = ${id} AND status <> 'PENDING'`)) === 1
    );
  },

  /** Whether any delivery is due: a read outside transactions, so that an idle sender never takes the write lock. */
  async anyDue(db: Reader, now: number): Promise<boolean> {
    return (await db.one(sql`SELECT 1 AS due FROM webhook_delivery d WHERE ${due(now)} LIMIT 1`)) !== undefined;
  },

  /**
   * Takes up to `limit` due deliveries for one sender until `leaseUntil`, counting the attempt, as
   * `mailRepository.claim` does for mail: SKIP LOCKED on PostgreSQL, the write lock of BEGIN
   * IMMEDIATE on SQLite, so that each delivery is claimed by one sender at a time.
   */
  async claim(tx: Tx, options: { now: number; leaseUntil: number; claim: string; limit: number }): Promise<ClaimedDelivery[]> {
    const rows = await tx.all(sql`SELECT d.id FROM webhook_delivery d WHERE ${due(options.now)} ORDER BY d.next_attempt_at, d.id LIMIT ${options.limit}${sql.either({
      postgres: sql` FOR UPDATE SKIP LOCKED`,
      sqlite: sql``,
    })}`);
    if (rows.length === 0) return [];
    const ids = rows.map((r) => r.id as string);
    await tx.run(sql`UPDATE webhook_delivery SET lease_until = ${options.leaseUntil}, claim = ${options.claim}, attempts = attempts + 1 WHERE id IN (${sql.list(ids)})`);
    const claimed = await tx.all(sql`SELECT d.id, d.message_id, d.webhook_id, d.event_type, d.payload, d.attempts, d.retry_from,
        w.company_id, w.url, w.enabled, w.secret, w.previous_secret, w.previous_secret_until, w.failing_since
      FROM webhook_delivery d JOIN webhook w ON w.id = d.webhook_id WHERE d.id IN (${sql.list(ids)}) ORDER BY d.next_attempt_at, d.id`);
    return claimed.map((r) => ({
      id: r.id as string,
      messageId: r.message_id as string,
      webhookId: r.webhook_id as string,
      companyId: r.company_id as string,
      eventType: r.event_type as string,
      payload: r.payload as string,
      attempts: Number(r.attempts),
      retryFrom: Number(r.retry_from),
      url: r.url as string,
      enabled: bool(r.enabled),
      secret: r.secret as string,
      previousSecret: (r.previous_secret as string | null) ?? null,
      previousSecretUntil: r.previous_secret_until === null ? null : Number(r.previous_secret_until),
      failingSince: r.failing_since === null ? null : Number(r.failing_since),
    }));
  },

  /** Delivered: the endpoint works again. False when the claim was lost. */
  async markSent(tx: Tx, d: { id: string; webhookId: string }, claim: string, at: number, statusCode: number): Promise<boolean> {
    const done =
      (await tx.run(sql`UPDATE webhook_delivery SET status = 'SENT', delivered_at = ${at}, last_attempt_at = ${at}, lease_until = NULL, last_status_code = ${statusCode}, last_error = NULL
        WHERE id = ${d.id} AND claim = ${claim} AND status = 'PENDING'`)) === 1;
    await tx.run(sql`UPDATE webhook SET failing_since = NULL WHERE id = ${d.webhookId} AND failing_since IS NOT NULL`);
    return done;
  },

  /** Not delivered this time: due again at `nextAttemptAt`, or FAILED when `giveUp`. */
  async markFailed(
    tx: Tx,
    id: string,
    claim: string,
    options: { at: number; nextAttemptAt: number; statusCode: number | null; error: string; giveUp: boolean },
  ): Promise<void> {
    await tx.run(sql`UPDATE webhook_delivery SET status = ${options.giveUp ? 'FAILED' : 'PENDING'}, next_attempt_at = ${options.nextAttemptAt}, last_attempt_at = ${options.at},
        lease_until = NULL, last_status_code = ${options.statusCode}, last_error = ${options.error.slice(0, 1000)}
      WHERE id = ${id} AND claim = ${claim} AND status = 'PENDING'`);
  },

  /** Gives back the deliveries of a claim that were not tried (the sender is stopping). */
  async release(tx: Tx, claim: string, ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    await tx.run(sql`UPDATE webhook_delivery SET lease_until = NULL, claim = NULL, attempts = attempts - 1 WHERE claim = ${claim} AND status = 'PENDING' AND id IN (${sql.list(ids)})`);
  },

  /** Remembers when the endpoint's failures began (the first failure since its last success). */
  async noteFailing(tx: Tx, webhookId: string, since: number): Promise<void> {
    await tx.run(sql`UPDATE webhook SET failing_since = ${since} WHERE id = ${webhookId} AND failing_since IS NULL`);
  },

  /** Disables a failing endpoint; false when it was disabled already (another sender did it). */
  async disable(tx: Tx, webhookId: string, reason: string): Promise<boolean> {
    return (await tx.run(sql`UPDATE webhook SET enabled = ${false}, disabled_reason = ${reason} WHERE id = ${webhookId} AND enabled = ${true}`)) === 1;
  },

  /** Its pending deliveries end as FAILED: nobody will take them. */
  async failPending(tx: Tx, webhookId: string, reason: string): Promise<void> {
    await tx.run(sql`UPDATE webhook_delivery SET status = 'FAILED', lease_until = NULL, last_error = ${reason} WHERE webhook_id = ${webhookId} AND status = 'PENDING'`);
  },

  /** Deliveries waiting (pending), for the operators' metrics. */
  async outboxDepth(db: Reader): Promise<number> {
    const row = await db.one<{ n: unknown }>(sql`SELECT count(*) AS n FROM webhook_delivery WHERE status = 'PENDING'`);
    return Number(row?.n ?? 0);
  },

  /** How long the oldest pending delivery has waited, in seconds (0 when none waits), for the operators' metrics. */
  async oldestPendingAgeSeconds(db: Reader, now: number): Promise<number> {
    const row = await db.one<{ oldest: unknown }>(sql`SELECT min(retry_from) AS oldest FROM webhook_delivery WHERE status = 'PENDING'`);
    return row?.oldest === null || row?.oldest === undefined ? 0 : Math.max(0, (now - Number(row.oldest)) / 1000);
  },

  /** Adds refused token requests to their accounts' count of the minute. */
  async countRefusals(tx: Tx, counts: readonly { accountId: string; refusals: number }[], minute: number): Promise<void> {
    if (counts.length === 0) return;
    await tx.run(sql`INSERT INTO token_refusal_count (account_id, minute, refusals)
      VALUES ${sql.join(counts.map((c) => sql`(${c.accountId}, ${minute}, ${c.refusals})`))}
      ON CONFLICT (account_id, minute) DO UPDATE SET refusals = token_refusal_count.refusals + excluded.refusals`);
  },

  /** The accounts among `accountIds` with at least `min` refusals counted since `sinceMinute`, with their company, client ID and name. */
  async refusalBursts(tx: Reader, accountIds: readonly string[], sinceMinute: number, min: number): Promise<{ accountId: string; companyId: string; clientId: string; name: string; count: number }[]> {
    if (accountIds.length === 0) return [];
    const rows = await tx.all(sql`SELECT c.account_id, a.company_id, a.client_id, a.name, sum(c.refusals) AS n FROM token_refusal_count c JOIN rest_account a ON a.id = c.account_id
      WHERE c.account_id IN (${sql.list(accountIds)}) AND c.minute >= ${sinceMinute}
      GROUP BY c.account_id, a.company_id, a.client_id, a.name HAVING sum(c.refusals) >= ${min}`);
    return rows.map((r) => ({ accountId: r.account_id as string, companyId: r.company_id as string, clientId: r.client_id as string, name: r.name as string, count: Number(r.n) }));
  },

  /** Forgets the accounts' counts of minutes no window reaches any more. */
  async forgetRefusals(tx: Tx, accountIds: readonly string[], beforeMinute: number): Promise<void> {
    if (accountIds.length === 0) return;
    await tx.run(sql`DELETE FROM token_refusal_count WHERE account_id IN (${sql.list(accountIds)}) AND minute < ${beforeMinute}`);
  },

  /** Claims the announcement of a burst for the account: false when one was announced since `notBefore`. */
  async claimBurst(tx: Tx, accountId: string, at: number, notBefore: number): Promise<boolean> {
    return (
      (await tx.run(sql`INSERT INTO token_refusal_burst (account_id, announced_at) VALUES (${accountId}, ${at})
        ON CONFLICT (account_id) DO UPDATE SET announced_at = excluded.announced_at WHERE token_refusal_burst.announced_at < ${notBefore}`)) === 1
    );
  },
};
