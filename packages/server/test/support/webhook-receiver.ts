import { createServer, type IncomingHttpHeaders } from 'node:http';

/** A request the receiver got. */
export interface Received {
  headers: IncomingHttpHeaders;
  body: string;
  at: number;
}

export interface WebhookReceiver {
  /** http://127.0.0.1:<port>/hooks */
  url: string;
  port: number;
  received: Received[];
  /** The status to answer the next requests with, in order; 200 once they run out. */
  answers: number[];
  /** Resolves once `count` requests have arrived matching `which` (default: all); rejects after `ms`. */
  waitFor(count: number, which?: (r: Received) => boolean, ms?: number): Promise<Received[]>;
  close(): Promise<void>;
}

/** A real HTTP server that keeps what is POSTed to it and answers as told (a 3xx answers with a Location). */
export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const received: Received[] = [];
  const answers: number[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), at: Date.now() });
      const status = answers.shift() ?? 200;
      if (status >= 300 && status < 400) res.setHeader('location', '/elsewhere');
      res.writeHead(status, { 'content-type': 'text/plain' });
      res.end(status < 300 ? 'ok' : `answered ${status}`);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  server.unref();
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}/hooks`,
    port,
    received,
    answers,
    async waitFor(count, which = () => true, ms = 20_000) {
      const deadline = Date.now() + ms;
      for (;;) {
        const found = received.filter(which);
        if (found.length >= count) return found;
        if (Date.now() > deadline) throw new Error(`${found.length} of ${count} webhook requests arrived within ${ms} ms; all: ${received.map((r) => r.body.slice(0, 80)).join(' | ')}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** The event types received, in order. */
export const typesOf = (list: Received[]) => list.map((r) => (JSON.parse(r.body) as { type: string }).type);
