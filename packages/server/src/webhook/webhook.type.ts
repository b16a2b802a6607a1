import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { connectionOf } from '../graphql/connection.js';
import type { DeliveryRow, WebhookRow } from './webhook.repository.js';

export enum WebhookDeliveryStatus {
  PENDING = 'PENDING',
  SENT = 'SENT',
  FAILED = 'FAILED',
}

registerEnumType(WebhookDeliveryStatus, {
  name: 'WebhookDeliveryStatus',
  description: 'Where a delivery stands',
  valuesConfig: {
    PENDING: { description: 'Waiting for its first attempt or its next retry (retries go on for 24 hours, the first within 30 s)' },
    SENT: { description: 'The endpoint answered with 2xx' },
    FAILED: { description: 'Given up after 24 hours of failures, or its endpoint was disabled; redeliverWebhook tries again' },
  },
});

@ObjectType({ simpleResolvers: true, description: "A company's webhook endpoint (Standard Webhooks); its secret is shown only by createWebhook and rotateWebhookSecret" })
export class Webhook {
  @Field(() => ID, { description: 'Stable identifier' })
  id: string;

  @Field(() => ID, { description: 'The company whose events it receives' })
  companyId: string;

  @Field(() => String, { description: 'Where events are POSTed (https in production)' })
  url: string;

  @Field(() => [String], { description: 'The events it receives (certificate.expiring, rest-account.created, ...)' })
  events: string[];

  @Field(() => Boolean, { description: 'Whether it receives events; an endpoint failing for 24 hours is disabled, and its owners mailed' })
  enabled: boolean;

  @Field(() => Date, { description: 'When it was registered' })
  createdAt: Date;

  @Field(() => Date, { nullable: true, description: 'Since when every delivery has failed; null while it works' })
  failingSince: Date | null;

  @Field(() => String, { nullable: true, description: 'Why Chaman disabled it, when it did' })
  disabledReason: string | null;
}

@ObjectType({ simpleResolvers: true, description: 'A new or rotated endpoint with its secret, which is never shown again' })
export class WebhookWithSecret {
  @Field(() => Webhook, { description: 'The endpoint' })
  webhook: Webhook;

  @Field(() => String, { description: 'The signing secret, whsec_ and base64: keep it to verify webhook-signature' })
  secret: string;
}

@ObjectType({ simpleResolvers: true, description: 'One event for one endpoint, with how its delivery went' })
export class WebhookDelivery {
  @Field(() => ID, { description: 'Stable identifier (for redeliverWebhook)' })
  id: string;

  @Field(() => ID, { description: 'The endpoint' })
  webhookId: string;

  @Field(() => String, { description: 'The webhook-id header: the same on every attempt and redelivery' })
  messageId: string;

  @Field(() => String, { description: 'The event type (the payload\'s "type")' })
  eventType: string;

  @Field(() => String, { description: 'The body sent, JSON: { type, timestamp, data }' })
  payload: string;

  @Field(() => WebhookDeliveryStatus, { description: 'Where it stands' })
  status: WebhookDeliveryStatus;

  @Field(() => Int, { description: 'Attempts made so far' })
  attempts: number;

  @Field(() => Int, { nullable: true, description: 'The HTTP status of the last answer; null when none came (refused address, timeout, connection error)' })
  lastResponseCode: number | null;

  @Field(() => String, { nullable: true, description: 'Why the last attempt failed' })
  lastError: string | null;

  @Field(() => Date, { description: 'When the event happened' })
  createdAt: Date;

  @Field(() => Date, { nullable: true, description: 'When the last attempt was made' })
  lastAttemptAt: Date | null;

  @Field(() => Date, { nullable: true, description: 'When the endpoint accepted it' })
  deliveredAt: Date | null;

  @Field(() => Date, { nullable: true, description: 'When the next attempt is due, while PENDING' })
  nextAttemptAt: Date | null;
}

export const WebhookDeliveryConnection = connectionOf(WebhookDelivery, 'WebhookDelivery', 'delivery', 'deliveries');

export function toWebhook(row: WebhookRow): Webhook {
  return Object.assign(new Webhook(), {
    id: row.id,
    companyId: row.companyId,
    url: row.url,
    events: row.events,
    enabled: row.enabled,
    createdAt: row.createdAt,
    failingSince: row.failingSince,
    disabledReason: row.disabledReason,
  });
}

export function toDelivery(row: DeliveryRow): WebhookDelivery {
  return Object.assign(new WebhookDelivery(), {
    id: row.id,
    webhookId: row.webhookId,
    messageId: row.messageId,
    eventType: row.eventType,
    payload: row.payload,
    status: row.status as WebhookDeliveryStatus,
    attempts: row.attempts,
    lastResponseCode: row.lastStatusCode,
    lastError: row.lastError,
    createdAt: row.createdAt,
    lastAttemptAt: row.lastAttemptAt,
    deliveredAt: row.deliveredAt,
    nextAttemptAt: row.status === 'PENDING' ? row.nextAttemptAt : null,
  });
}
