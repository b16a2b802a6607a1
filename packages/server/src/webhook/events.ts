import type { WebhookEvent } from '@chaman/domain';
import type { Tx } from '../db/database.js';
import { newId } from '../db/ids.js';
import { webhookRepository } from './webhook.repository.js';

/** The payload Standard Webhooks recommends: `{ type, timestamp, data }`. Ids, client IDs and facts; never secrets. */
export interface WebhookPayload {
  type: string;
  timestamp: string;
  data: Record<string, unknown>;
}

/** A Standard Webhooks message id: the same on every attempt and redelivery, so receivers can drop repeats. */
export const newMessageId = () => `msg_${newId().replace(/-/g, '')}`;

/**
 * Puts `type` in the outbox of every enabled endpoint of the company that subscribed to it,
 * inside the caller's transaction: the event exists if and only if the change commits, and the
 * sender delivers it afterwards. Answers how many endpoints will receive it.
 */
export async function emitEvent(tx: Tx, at: Date, companyId: string, type: WebhookEvent | 'webhook.test', data: Record<string, unknown>, only?: string): Promise<number> {
  const endpoints = only ? [only] : await webhookRepository.subscribers(tx, companyId, type);
  const payload = JSON.stringify({ type, timestamp: at.toISOString(), data } satisfies WebhookPayload);
  for (const webhookId of endpoints) {
    await webhookRepository.insertDelivery(tx, { id: newId(), webhookId, messageId: newMessageId(), eventType: type, payload, at: at.getTime() });
  }
  return endpoints.length;
}

/**
 * `rest-account.review-required`, for the token service's review flag: call it in the
 * transaction that sets the flag.
 */
export function emitReviewRequired(tx: Tx, at: Date, companyId: string, data: { accountId: string; clientId: string; name: string; reason: string }): Promise<number> {
  return emitEvent(tx, at, companyId, 'rest-account.review-required', data);
}
