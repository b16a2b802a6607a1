import { createHmac } from 'node:crypto';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { bareHost, type ResolvedAddress } from './endpoint-guard.js';

/** The whole exchange (connect, send, answer headers) must end within this time. */
export const DELIVERY_TIMEOUT_MS = 10_000;
/** What is kept of an answer's body (for the delivery log's error); the rest is not read. */
const MAX_RESPONSE_BYTES = 4096;

/** Standard Webhooks' `v1,<base64 HMAC-SHA256 of "id.timestamp.body">`, keyed by the secret's bytes (after `whsec_`). */
export function signature(secret: string, messageId: string, timestamp: number, body: string): string {
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  return `v1,${createHmac('sha256', key).update(`${messageId}.${timestamp}.${body}`).digest('base64')}`;
}

export interface DeliveryAnswer {
  status: number;
  /** The start of the answer's body, for the log. */
  body: string;
}

/**
 * POSTs `body` to `url`, connecting to `address` (checked before) whatever DNS says now; the host
 * name still goes in the Host header and, over https, in SNI and the certificate check. No
 * redirect is followed (a 3xx is an answer like any other), the answer's body is read up to 4 kB,
 * and everything ends after DELIVERY_TIMEOUT_MS.
 */
export function postTo(url: URL, address: ResolvedAddress, headers: Record<string, string>, body: string): Promise<DeliveryAnswer> {
  const pinned: LookupFunction = (_host, options, callback) => {
    if ((options as { all?: boolean }).all) (callback as unknown as (e: null, a: { address: string; family: number }[]) => void)(null, [address]);
    else callback(null, address.address, address.family);
  };
  const host = bareHost(url);
  const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = request(
      {
        protocol: url.protocol,
        hostname: host,
        port: url.port || undefined,
        path: `${url.pathname}${url.search}`,
        method: 'POST',
        headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
        lookup: pinned,
        ...(url.protocol === 'https:' && !isIP(host) ? { servername: host } : {}),
        agent: false,
      },
      (res: IncomingMessage) => {
        const chunks: Buffer[] = [];
        let size = 0;
        const finish = () => {
          clearTimeout(timer);
          resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8').slice(0, MAX_RESPONSE_BYTES) });
        };
        res.on('data', (chunk: Buffer) => {
          if (size < MAX_RESPONSE_BYTES) chunks.push(chunk.subarray(0, MAX_RESPONSE_BYTES - size));
          size += chunk.length;
          // Enough read: an endpoint cannot keep the sender busy with an endless answer.
          if (size >= MAX_RESPONSE_BYTES) {
            res.destroy();
            finish();
          }
        });
        res.on('end', finish);
        res.on('error', finish);
      },
    );
    const timer = setTimeout(() => req.destroy(new Error(`no answer within ${DELIVERY_TIMEOUT_MS / 1000} s`)), DELIVERY_TIMEOUT_MS);
    req.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    req.end(body);
  });
}
