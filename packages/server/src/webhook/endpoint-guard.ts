import { blockedAddressKind, refusal, WebhookErrors, type Refusal } from '@chaman/domain';
import { lookup } from 'node:dns/promises';

/** An address the endpoint's host resolved to. */
export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

/** The host as DNS and sockets take it ([::1] is ::1). */
export const bareHost = (url: URL) => url.hostname.replace(/^\[|\]$/g, '');

/**
 * Resolves the endpoint's host and checks every address it resolves to: one private address is
 * enough to refuse it (a host that answers both could be steered to the private one). Unless
 * `allowPrivate`, loopback, private, link-local, metadata and reserved addresses are refused.
 * The caller connects to the addresses answered here, never resolving again (no DNS rebinding
 * between the check and the connection).
 */
export async function resolveEndpoint(url: URL, allowPrivate: boolean): Promise<{ ok: true; addresses: ResolvedAddress[] } | { ok: false; refusal: Refusal }> {
  const host = bareHost(url);
  let addresses: ResolvedAddress[];
  try {
    addresses = (await lookup(host, { all: true, verbatim: true })).map((a) => ({ address: a.address, family: a.family === 6 ? 6 : 4 }));
  } catch (error) {
    const code = (error as { code?: string }).code ?? 'ENOTFOUND';
    return { ok: false, refusal: refusal(WebhookErrors.urlUnresolvable, `The host ${JSON.stringify(host.slice(0, 80))} does not resolve (${code})`, { host: host.slice(0, 80) }) };
  }
  if (addresses.length === 0) {
    return { ok: false, refusal: refusal(WebhookErrors.urlUnresolvable, `The host ${JSON.stringify(host.slice(0, 80))} does not resolve`, { host: host.slice(0, 80) }) };
  }
  if (!allowPrivate) {
    for (const { address } of addresses) {
      const kind = blockedAddressKind(address);
      if (kind) {
        return {
          ok: false,
          refusal: refusal(
            WebhookErrors.urlPrivateAddress,
            `The host ${JSON.stringify(host.slice(0, 80))} resolves to ${address}, a ${kind} address; webhooks only go to public addresses (WEBHOOK_ALLOW_PRIVATE=true allows others)`,
            { host: host.slice(0, 80), address, kind },
          ),
        };
      }
    }
  }
  return { ok: true, addresses };
}
