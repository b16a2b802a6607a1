import type { PublicCode } from '../shared/refusal.js';

export const WebhookErrors = {
  /** Not an absolute http(s) URL, or one with credentials or a fragment. */
  urlFormat: 'webhook/url-format',
  /** Plain http where https is required (production, unless WEBHOOK_ALLOW_HTTP=true). */
  urlScheme: 'webhook/url-scheme',
  /** The host resolves to a loopback, private, link-local or cloud-metadata address. */
  urlPrivateAddress: 'webhook/url-private-address',
  /** The host name does not resolve. */
  urlUnresolvable: 'webhook/url-unresolvable',
  /** No event names given. */
  eventsEmpty: 'webhook/events-empty',
  /** An event name that is not in the list. */
  unknownEvent: 'webhook/unknown-event',
  /** The company has the most endpoints it may have. */
  tooMany: 'webhook/too-many',
  /** Redelivering a delivery that is still pending. */
  deliveryPending: 'webhook/delivery-pending',
} as const;
export type WebhookErrorCode = (typeof WebhookErrors)[keyof typeof WebhookErrors];

/** The public code each is answered with. */
export const WebhookErrorKinds = {
  'webhook/url-format': 'BAD_USER_INPUT',
  'webhook/url-scheme': 'BAD_USER_INPUT',
  'webhook/url-private-address': 'BAD_USER_INPUT',
  'webhook/url-unresolvable': 'BAD_USER_INPUT',
  'webhook/events-empty': 'BAD_USER_INPUT',
  'webhook/unknown-event': 'BAD_USER_INPUT',
  'webhook/too-many': 'CONFLICT',
  'webhook/delivery-pending': 'CONFLICT',
} as const satisfies Record<WebhookErrorCode, PublicCode>;
