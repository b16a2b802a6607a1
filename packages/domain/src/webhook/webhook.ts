import { err, ok, type DomainError, type Result } from '../shared/result.js';
import { WebhookErrors, type WebhookErrorCode } from './webhook.errors.js';

/** Every event a webhook endpoint may subscribe to (Standard Webhooks' `type`). */
export const WEBHOOK_EVENTS = [
  'certificate.expiring',
  'certificate.expired',
  'rest-account.created',
  'rest-account.updated',
  'rest-account.deleted',
  'rest-account.certificate-added',
  'rest-account.certificate-removed',
  'rest-account.review-required',
  'role.changed',
  'mandate.changed',
  'token.refusals',
] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

/** Endpoints one company may register. */
export const MAX_WEBHOOKS_PER_COMPANY = 10;
/** The longest URL accepted. */
export const WEBHOOK_URL_MAX = 2000;

type Check<T> = Result<T, DomainError<WebhookErrorCode>>;

/** The event names, each once, in the list's order; refused when empty or when one is unknown. */
export function checkWebhookEvents(input: readonly string[]): Check<WebhookEvent[]> {
  if (input.length === 0) {
    return err({ code: WebhookErrors.eventsEmpty, message: `Choose at least one event: ${WEBHOOK_EVENTS.join(', ')}`, params: { allowed: WEBHOOK_EVENTS.join(', ') } });
  }
  const unknown = [...new Set(input.filter((e) => !(WEBHOOK_EVENTS as readonly string[]).includes(e)))];
  if (unknown.length > 0) {
    const shown = unknown.slice(0, 5).map((e) => e.slice(0, 60));
    return err({
      code: WebhookErrors.unknownEvent,
      message: `Unknown event${unknown.length > 1 ? 's' : ''} ${shown.map((e) => JSON.stringify(e)).join(', ')}; allowed: ${WEBHOOK_EVENTS.join(', ')}`,
      params: { events: shown.join(', '), allowed: WEBHOOK_EVENTS.join(', ') },
    });
  }
  return ok(WEBHOOK_EVENTS.filter((e) => input.includes(e)));
}

/**
 * The URL's form: absolute http or https, no credentials, no fragment; https only unless
 * `allowHttp`. Where the host points is checked by the server (it resolves it), not here.
 */
export function checkWebhookUrl(input: string, options: { allowHttp: boolean }): Check<URL> {
  const text = input.trim();
  const format = (why: string) =>
    err({ code: WebhookErrors.urlFormat, message: `${JSON.stringify(text.slice(0, 80))} is not a usable endpoint URL: ${why}; e.g. https://hooks.example.com/chaman`, params: { why } });
  if (text.length > WEBHOOK_URL_MAX) return format(`longer than ${WEBHOOK_URL_MAX} characters`);
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return format('not an absolute URL');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return format('only https (or http where allowed) is supported');
  if (url.username || url.password) return format('credentials in the URL would be sent to every log on the way; put a secret in the path instead');
  if (url.hash) return format('a fragment is never sent to the server');
  if (!url.hostname) return format('no host');
  if (url.protocol === 'http:' && !options.allowHttp) {
    return err({ code: WebhookErrors.urlScheme, message: 'Webhook URLs must use https (the server allows plain http only with WEBHOOK_ALLOW_HTTP=true)', params: { scheme: 'http' } });
  }
  return ok(url);
}

function ipv4Bytes(address: string): number[] | null {
  const parts = address.split('.');
  if (parts.length !== 4) return null;
  const bytes = parts.map((p) => (/^\d{1,3}$/.test(p) ? Number(p) : NaN));
  return bytes.every((b) => b >= 0 && b <= 255) ? bytes : null;
}

/** The 8 groups of an IPv6 address, or null. */
function ipv6Groups(address: string): number[] | null {
  let text = address.toLowerCase().replace(/^\[|\]$/g, '');
  const zone = text.indexOf('%');
  if (zone >= 0) text = text.slice(0, zone);
  // A trailing dotted IPv4 (::ffff:10.0.0.1) is two groups.
  const lastColon = text.lastIndexOf(':');
  const tail = text.slice(lastColon + 1);
  if (tail.includes('.')) {
    const v4 = ipv4Bytes(tail);
    if (!v4) return null;
    text = `${text.slice(0, lastColon + 1)}${((v4[0]! << 8) | v4[1]!).toString(16)}:${((v4[2]! << 8) | v4[3]!).toString(16)}`;
  }
  const halves = text.split('::');
  if (halves.length > 2) return null;
  const parse = (s: string) => (s === '' ? [] : s.split(':').map((g) => (/^[0-9a-f]{1,4}$/.test(g) ? parseInt(g, 16) : NaN)));
  const head = parse(halves[0]!);
  const rest = halves.length === 2 ? parse(halves[1]!) : [];
  if ([...head, ...rest].some((g) => Number.isNaN(g))) return null;
  const missing = 8 - head.length - rest.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return null;
  return [...head, ...Array<number>(halves.length === 2 ? missing : 0).fill(0), ...rest];
}

function blockedIpv4(b: number[]): string | null {
  const [a, c] = [b[0]!, b[1]!];
  if (a === 0) return 'this-network';
  if (a === 10 || (a === 172 && c >= 16 && c <= 31) || (a === 192 && c === 168)) return 'private';
  if (a === 100 && c >= 64 && c <= 127) return 'shared (carrier-grade NAT)';
  if (a === 127) return 'loopback';
  if (a === 169 && c === 254) return b[2] === 169 && b[3] === 254 ? 'cloud metadata' : 'link-local';
  if (a === 192 && c === 0 && b[2] === 0) return 'IETF protocol assignments';
  if (a === 198 && (c === 18 || c === 19)) return 'benchmarking';
  if (a >= 224) return a < 240 ? 'multicast' : 'reserved';
  return null;
}

/**
 * Why an endpoint must not be reached at this address (loopback, private, link-local, cloud
 * metadata, multicast, reserved...), or null when it is a public address. IPv4 inside IPv6
 * (mapped, NAT64) is judged as the IPv4 address it carries. Anything unreadable is refused.
 */
export function blockedAddressKind(address: string): string | null {
  const v4 = ipv4Bytes(address);
  if (v4) return blockedIpv4(v4);
  const g = ipv6Groups(address);
  if (!g) return 'unreadable';
  const embedded = () => [g[6]! >> 8, g[6]! & 0xff, g[7]! >> 8, g[7]! & 0xff];
  if (g.slice(0, 7).every((x) => x === 0)) return g[7] === 1 ? 'loopback' : g[7] === 0 ? 'unspecified' : 'IPv4-compatible';
  if (g.slice(0, 5).every((x) => x === 0) && g[5] === 0xffff) return blockedIpv4(embedded());
  if (g[0] === 0x64 && g[1] === 0xff9b && g.slice(2, 6).every((x) => x === 0)) return blockedIpv4(embedded());
  if ((g[0]! & 0xfe00) === 0xfc00) return g[0] === 0xfd00 && g[1] === 0x0ec2 ? 'cloud metadata' : 'private (unique local)';
  if ((g[0]! & 0xffc0) === 0xfe80) return 'link-local';
  if ((g[0]! & 0xffc0) === 0xfec0) return 'site-local';
  if ((g[0]! & 0xff00) === 0xff00) return 'multicast';
  if (g[0] === 0x2001 && g[1] === 0x0db8) return 'documentation';
  return null;
}
