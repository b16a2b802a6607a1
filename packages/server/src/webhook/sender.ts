import type { FastifyBaseLogger } from 'fastify';
import type { WebhookConfig } from '../config.js';
import type { Db, Tx } from '../db/database.js';
import { newId } from '../db/ids.js';
import { startPoller, type Poller } from '../shared/poller.js';
import { auditRepository } from '../audit/audit.repository.js';
import { enqueue } from '../mail/outbox.js';
import { reminderRepository } from '../reminder/reminder.repository.js';
import { postTo, signature, type DeliveryAnswer } from './delivery-http.js';
import { resolveEndpoint } from './endpoint-guard.js';
import { webhookRepository, type ClaimedDelivery } from './webhook.repository.js';

/** How often an idle sender looks for due deliveries (one indexed read). */
const POLL_MS = 1000;
/** Deliveries claimed at once by one sender. */
const BATCH = 10;
/** How long a claim holds its deliveries: far longer than one delivery may take (DELIVERY_TIMEOUT_MS). */
const LEASE_MS = 2 * 60_000;
/** Waits before each retry: the first within 30 s, then longer and longer, then hourly. */
const RETRY_DELAYS_MS = [10_000, 30_000, 2 * 60_000, 10 * 60_000, 30 * 60_000, 60 * 60_000];
/** Retries go on for this long; an endpoint failing for this long is disabled. */
export const FAILING_LIMIT_MS = 24 * 60 * 60_000;

export function webhookRetryDelayMs(attempts: number): number {
  return RETRY_DELAYS_MS[Math.min(attempts, RETRY_DELAYS_MS.length) - 1] ?? RETRY_DELAYS_MS[0]!;
}

export interface WebhookSender {
  stop(): Promise<void>;
}

type Attempt = { ok: true; answer: DeliveryAnswer } | { ok: false; statusCode: number | null; error: string };

/** The signatures of a message: the current secret's, and the previous one's during its 24 hours of overlap. */
function signatures(d: ClaimedDelivery, timestamp: number): string {
  const secrets = [d.secret, ...(d.previousSecret && d.previousSecretUntil !== null && d.previousSecretUntil > timestamp * 1000 ? [d.previousSecret] : [])];
  return secrets.map((s) => signature(s, d.messageId, timestamp, d.payload)).join(' ');
}

/**
 * Delivers the webhook outbox as the mail sender delivers mail: claims due deliveries with a lease
 * (`webhookRepository.claim`: one sender per delivery, whatever the number of instances), checks
 * again where the endpoint's host points, POSTs the signed payload to the checked address, then
 * records the answer: SENT on a 2xx, due again later otherwise (the same webhook-id each time),
 * FAILED after 24 hours; an endpoint failing for 24 hours is disabled and its owners are mailed.
 */
export function startWebhookSender(deps: { db: Db; config: WebhookConfig; publicUrl: string; now: () => Date; log: FastifyBaseLogger }): WebhookSender {
  const { db, log } = deps;

  async function attempt(d: ClaimedDelivery): Promise<Attempt> {
    let url: URL;
    try {
      url = new URL(d.url);
    } catch {
      return { ok: false, statusCode: null, error: 'the endpoint URL is not valid' };
    }
    const resolved = await resolveEndpoint(url, deps.config.allowPrivate);
    if (!resolved.ok) return { ok: false, statusCode: null, error: resolved.refusal.message };
    const timestamp = Math.floor(deps.now().getTime() / 1000);
    const headers = {
      'content-type': 'application/json',
      'user-agent': 'Chaman-Webhooks/1',
      'webhook-id': d.messageId,
      'webhook-timestamp': String(timestamp),
      'webhook-signature': signatures(d, timestamp),
    };
    try {
      const answer = await postTo(url, resolved.addresses[0]!, headers, d.payload);
      if (answer.status >= 200 && answer.status < 300) return { ok: true, answer };
      const why = answer.status >= 300 && answer.status < 400 ? 'redirects are not followed' : 'the endpoint did not answer with 2xx';
      return { ok: false, statusCode: answer.status, error: `HTTP ${answer.status}: ${why}${answer.body ? `: ${answer.body.slice(0, 300)}` : ''}` };
    } catch (error) {
      return { ok: false, statusCode: null, error: error instanceof Error ? error.message : String(error) };
    }
  }

  async function disableFailing(tx: Tx, d: ClaimedDelivery, now: number): Promise<void> {
    const reason = 'every delivery failed for 24 hours';
    if (!(await webhookRepository.disable(tx, d.webhookId, reason))) return;
    await webhookRepository.failPending(tx, d.webhookId, 'the endpoint was disabled after failing for 24 hours');
    await auditRepository.append(tx, {
      companyId: d.companyId,
      action: 'webhook.disabled',
      targetType: 'webhook',
      targetId: d.webhookId,
      details: { url: d.url, reason, failingSince: new Date(d.failingSince ?? now).toISOString() },
      actor: null,
      origin: { ip: null, userAgent: null },
      at: new Date(now),
    });
    const company = await reminderRepository.companyName(tx, d.companyId);
    for (const owner of await reminderRepository.accessManagers(tx, d.companyId)) {
      await enqueue(
        tx,
        {
          kind: 'webhookDisabled',
          to: owner.email,
          language: owner.language,
          params: { firstName: owner.firstName, company, url: d.url, failingSince: new Date(d.failingSince ?? now).toISOString().slice(0, 16).replace('T', ' '), pageUrl: `${deps.publicUrl}/chaman/webhooks` },
        },
        new Date(now),
      );
    }
    log.warn({ webhook: { id: d.webhookId } }, 'webhook endpoint disabled after failing for 24 hours');
  }

  async function deliver(d: ClaimedDelivery, claim: string): Promise<void> {
    if (!d.enabled) {
      await db.transact((tx) =>
        webhookRepository.markFailed(tx, d.id, claim, { at: deps.now().getTime(), nextAttemptAt: deps.now().getTime(), statusCode: null, error: 'the endpoint is disabled', giveUp: true }),
      );
      return;
    }
    const result = await attempt(d);
    const now = deps.now().getTime();
    if (result.ok) {
      const recorded = await db.transact((tx) => webhookRepository.markSent(tx, d, claim, now, result.answer.status));
      if (!recorded) log.warn({ delivery: { id: d.id } }, 'webhook delivered after its claim ran out: another sender may deliver it again');
      return;
    }
    const giveUp = now - d.retryFrom >= FAILING_LIMIT_MS;
    log.warn({ delivery: { id: d.id, attempts: d.attempts }, err: result.error }, giveUp ? 'webhook delivery given up after 24 hours' : 'webhook not delivered; will retry');
    await db.transact(async (tx) => {
      await webhookRepository.markFailed(tx, d.id, claim, { at: now, nextAttemptAt: now + webhookRetryDelayMs(d.attempts), statusCode: result.statusCode, error: result.error, giveUp });
      if (d.failingSince === null) await webhookRepository.noteFailing(tx, d.webhookId, now);
      else if (now - d.failingSince >= FAILING_LIMIT_MS) await disableFailing(tx, d, now);
    });
  }

  async function sendDue(poller: Poller): Promise<void> {
    while (!poller.stopped) {
      const now = deps.now().getTime();
      if (!(await webhookRepository.anyDue(db, now))) return;
      const claim = newId();
      const batch = await db.transact((tx) => webhookRepository.claim(tx, { now, leaseUntil: now + LEASE_MS, claim, limit: BATCH }));
      if (batch.length === 0) return;
      // Each endpoint's deliveries in order, endpoints side by side: one slow endpoint does not hold up the others.
      const byEndpoint = new Map<string, ClaimedDelivery[]>();
      for (const d of batch) byEndpoint.set(d.webhookId, [...(byEndpoint.get(d.webhookId) ?? []), d]);
      await Promise.all(
        [...byEndpoint.values()].map(async (list) => {
          for (const [i, d] of list.entries()) {
            if (poller.stopped) {
              await db.transact((tx) => webhookRepository.release(tx, claim, list.slice(i).map((x) => x.id)));
              return;
            }
            await deliver(d, claim);
          }
        }),
      );
    }
  }

  return startPoller(POLL_MS, sendDue, log, 'webhook sender: could not read or claim the outbox');
}
