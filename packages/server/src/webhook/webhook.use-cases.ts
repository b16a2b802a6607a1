import { checkWebhookEvents, checkWebhookUrl, MAX_WEBHOOKS_PER_COMPANY, notFound, refusal, WebhookErrors, type WebhookEvent } from '@chaman/domain';
import { randomBytes } from 'node:crypto';
import { authorize } from '../access/authorization.js';
import { isId, newId } from '../db/ids.js';
import { audit } from '../shared/audit.js';
import { decide, must, refuse, type Deps, type Outcome } from '../shared/use-case.js';
import { resolveEndpoint } from './endpoint-guard.js';
import { emitEvent } from './events.js';
import { webhookRepository, type DeliveryRow, type WebhookRow } from './webhook.repository.js';

/** How long a rotated secret keeps signing beside the new one. */
export const PREVIOUS_SECRET_HOURS = 24;

/** A Standard Webhooks secret: `whsec_` and 32 random bytes in base64. */
const newWebhookSecret = () => `whsec_${randomBytes(32).toString('base64')}`;

/** The URL's form, then where its host points: both before any transaction takes the write lock. */
async function checkedUrl(deps: Deps, input: string): Promise<string> {
  const url = must(checkWebhookUrl(input, { allowHttp: deps.config.webhooks.allowHttp }));
  const resolved = await resolveEndpoint(url, deps.config.webhooks.allowPrivate);
  if (!resolved.ok) refuse(resolved.refusal);
  return url.toString();
}

/** An endpoint the caller manages, by id; NOT_FOUND when it does not exist or is not theirs to see. */
async function loadWebhook(deps: Deps, id: string): Promise<WebhookRow> {
  if (!isId(id)) refuse(notFound('webhook', id));
  const found = await webhookRepository.byId(deps.db, id);
  if (!found) refuse(notFound('webhook', id));
  await authorize(deps, 'manage-notifications', found.companyId, { kind: 'webhook', id });
  return found;
}

/** The company's endpoints (at most MAX_WEBHOOKS_PER_COMPANY), for its access managers. */
export function companyWebhooks(deps: Deps, companyId: string): Promise<Outcome<WebhookRow[]>> {
  return decide(async () => {
    await authorize(deps, 'manage-notifications', companyId);
    return webhookRepository.ofCompany(deps.db, companyId);
  });
}

/** Registers an endpoint; the answer carries its secret, which is never shown again. */
export function createWebhook(deps: Deps, input: { companyId: string; url: string; events: string[] }): Promise<Outcome<{ webhook: WebhookRow; secret: string }>> {
  return decide(async () => {
    const { viewer } = await authorize(deps, 'manage-notifications', input.companyId);
    const events = must(checkWebhookEvents(input.events));
    const url = await checkedUrl(deps, input.url);
    const secret = newWebhookSecret();
    const id = newId();
    await deps.db.transact(async (tx) => {
      const count = await webhookRepository.count(tx, input.companyId);
      if (count >= MAX_WEBHOOKS_PER_COMPANY) {
        refuse(
          refusal(WebhookErrors.tooMany, `The company already has ${count} webhook endpoints, the most it may have; delete one first`, { count, max: MAX_WEBHOOKS_PER_COMPANY }),
        );
      }
      await webhookRepository.insert(tx, { id, companyId: input.companyId, url, events, secret, createdAt: deps.now(), createdBy: viewer.person.id });
      await audit(tx, deps, { companyId: input.companyId, action: 'webhook.created', targetType: 'webhook', targetId: id, details: { url, events } });
    });
    return { webhook: (await webhookRepository.byId(deps.db, id))!, secret };
  });
}

/** Changes an endpoint's URL, events or whether it is enabled (enabling again forgets its failures). */
export function updateWebhook(deps: Deps, id: string, input: { url?: string | null; events?: string[] | null; enabled?: boolean | null }): Promise<Outcome<WebhookRow>> {
  return decide(async () => {
    const current = await loadWebhook(deps, id);
    const events: WebhookEvent[] = input.events ? must(checkWebhookEvents(input.events)) : (current.events as WebhookEvent[]);
    const url = input.url ? await checkedUrl(deps, input.url) : current.url;
    const enabled = input.enabled ?? current.enabled;
    await deps.db.transact(async (tx) => {
      const locked = await webhookRepository.lock(tx, id);
      if (!locked) refuse(notFound('webhook', id));
      await webhookRepository.update(tx, id, { url, events, enabled });
      await audit(tx, deps, {
        companyId: locked.companyId,
        action: 'webhook.updated',
        targetType: 'webhook',
        targetId: id,
        details: { before: { url: locked.url, events: locked.events, enabled: locked.enabled }, after: { url, events, enabled } },
      });
    });
    return (await webhookRepository.byId(deps.db, id))!;
  });
}

/** A new secret, shown once; the old one keeps signing beside it for 24 hours, so receivers can switch without losing events. */
export function rotateWebhookSecret(deps: Deps, id: string): Promise<Outcome<{ webhook: WebhookRow; secret: string }>> {
  return decide(async () => {
    const current = await loadWebhook(deps, id);
    const secret = newWebhookSecret();
    const until = deps.now().getTime() + PREVIOUS_SECRET_HOURS * 3_600_000;
    await deps.db.transact(async (tx) => {
      await webhookRepository.rotate(tx, id, secret, until);
      await audit(tx, deps, { companyId: current.companyId, action: 'webhook.secret-rotated', targetType: 'webhook', targetId: id, details: { url: current.url, previousSecretUntil: new Date(until).toISOString() } });
    });
    return { webhook: current, secret };
  });
}

/** Deletes an endpoint and its delivery log. */
export function deleteWebhook(deps: Deps, id: string): Promise<Outcome<WebhookRow>> {
  return decide(async () => {
    const current = await loadWebhook(deps, id);
    await deps.db.transact(async (tx) => {
      await webhookRepository.delete(tx, id);
      await audit(tx, deps, { companyId: current.companyId, action: 'webhook.deleted', targetType: 'webhook', targetId: id, details: { url: current.url, events: current.events } });
    });
    return current;
  });
}

/** Sends a `webhook.test` event to this endpoint alone (through the outbox, signed like any other). */
export function sendTestWebhook(deps: Deps, id: string): Promise<Outcome<DeliveryRow>> {
  return decide(async () => {
    const current = await loadWebhook(deps, id);
    await deps.db.transact(async (tx) => {
      await emitEvent(tx, deps.now(), current.companyId, 'webhook.test', { webhookId: id, message: 'A test event sent from Chaman' }, id);
      await audit(tx, deps, { companyId: current.companyId, action: 'webhook.test-sent', targetType: 'webhook', targetId: id, details: { url: current.url } });
    });
    return (await webhookRepository.deliveries(deps.db, id, null, 1))[0]!;
  });
}

/** Delivers an event again, with the same webhook-id, and 24 more hours of retries. */
export function redeliverWebhook(deps: Deps, deliveryId: string): Promise<Outcome<DeliveryRow>> {
  return decide(async () => {
    if (!isId(deliveryId)) refuse(notFound('webhook delivery', deliveryId));
    const delivery = await webhookRepository.deliveryById(deps.db, deliveryId);
    if (!delivery) refuse(notFound('webhook delivery', deliveryId));
    await authorize(deps, 'manage-notifications', delivery.companyId, { kind: 'webhook delivery', id: deliveryId });
    await deps.db.transact(async (tx) => {
      if (!(await webhookRepository.redeliver(tx, deliveryId, deps.now().getTime()))) {
        refuse(refusal(WebhookErrors.deliveryPending, 'This delivery is still pending: it is being retried already', { status: 'PENDING' }));
      }
      await audit(tx, deps, {
        companyId: delivery.companyId,
        action: 'webhook.redelivered',
        targetType: 'webhook',
        targetId: delivery.webhookId,
        details: { deliveryId, messageId: delivery.messageId, eventType: delivery.eventType },
      });
    });
    return (await webhookRepository.deliveryById(deps.db, deliveryId))!;
  });
}

/** A page of an endpoint's delivery log, for its owners. */
export function webhookDeliveries(deps: Deps, webhook: { id: string; companyId: string }, before: string | null, limit: number): Promise<Outcome<DeliveryRow[]>> {
  return decide(async () => {
    await authorize(deps, 'manage-notifications', webhook.companyId, { kind: 'webhook', id: webhook.id });
    return webhookRepository.deliveries(deps.db, webhook.id, before, limit);
  });
}
