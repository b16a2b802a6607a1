import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { mailedLink, openBrowser, startProduct, type BrowserSession, type Product } from '../helper.js';

/** A real HTTP endpoint that keeps what Chaman POSTs to it. */
async function startReceiver(): Promise<{ url: string; received: { headers: IncomingHttpHeaders; body: string }[]; server: Server }> {
  const received: { headers: IncomingHttpHeaders; body: string }[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      received.push({ headers: req.headers, body });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const address = server.address();
  return { url: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/chaman-hooks`, received, server };
}

async function until<T>(what: string, find: () => T | undefined, ms = 15_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const found = find();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`waited ${ms} ms for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('the webhooks page', () => {
  let product: Product;
  let session: BrowserSession;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  beforeAll(async () => {
    receiver = await startReceiver();
    // The endpoint listens on loopback, over http: allowed here as in a closed network.
    product = await startProduct({ WEBHOOK_ALLOW_PRIVATE: 'true', WEBHOOK_ALLOW_HTTP: 'true' });
    session = await openBrowser();
  });
  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail') await session?.screenshot(`failed-${ctx.task.name.replace(/\W+/g, '-')}`);
  });
  afterAll(async () => {
    await session?.close();
    await product?.stop();
    await new Promise((r) => receiver?.server.close(r));
  });

  it('registers an endpoint, shows its secret once, sends a test event and redelivers it from the delivery log', async () => {
    const { page } = session;
    await page.goto(`${product.url}/sign-up`);
    const signUp = page.getByRole('form', { name: 'Sign up' });
    await signUp.getByLabel('Email').fill('hooks@acme.be');
    await signUp.getByLabel('Password').fill('correct horse battery staple');
    await signUp.getByLabel('First name').fill('Hanne');
    await signUp.getByLabel('Last name').fill('Hooks');
    await signUp.getByRole('button', { name: 'Sign up' }).click();
    const register = page.getByRole('form', { name: 'Register an employer' });
    await register.getByLabel('Enterprise number').fill('0203.201.340');
    await register.getByLabel('Company name').fill('Acme Hooks NV');
    await register.getByRole('button', { name: 'Register' }).click();
    const chief = page.getByRole('form', { name: 'Appoint a Chief Access Manager' });
    await chief.getByLabel('Email').fill('hooks@acme.be');
    await chief.getByRole('button', { name: 'Appoint' }).click();
    await page.getByRole('form', { name: 'Grant Chaman access' }).waitFor();

    await page.goto(`${product.url}/chaman/webhooks`);
    await page.getByRole('heading', { level: 1, name: 'Webhooks' }).waitFor();
    const add = page.getByRole('form', { name: 'Add an endpoint' });
    await add.getByLabel('Endpoint URL').fill(receiver.url);
    // Expiry events are chosen already; add the account events.
    await add.getByRole('checkbox', { name: /^rest-account\.created/ }).check();
    await add.getByRole('button', { name: 'Add an endpoint' }).click();

    await page.getByText('it is shown only this once').waitFor();
    const secret = await page.getByText(/^whsec_/).textContent();
    expect(secret?.trim()).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    await page.getByRole('button', { name: 'Copy signing secret' }).waitFor();
    await page.getByRole('heading', { level: 2, name: receiver.url }).waitFor();
    expect(await page.getByText('certificate.expiring, certificate.expired, rest-account.created').count()).toBe(1);

    await page.getByRole('button', { name: `Send a test event to ${receiver.url}` }).click();
    const first = await until('the test event', () => receiver.received.find((r) => r.body.includes('"webhook.test"')));
    expect(JSON.parse(first.body)).toMatchObject({ type: 'webhook.test', data: { message: 'A test event sent from Chaman' } });
    expect(String(first.headers['webhook-signature'])).toMatch(/^v1,/);

    await page.getByRole('button', { name: `Delivery log of ${receiver.url}` }).click();
    const log = page.getByRole('table', { name: `Deliveries to ${receiver.url}` });
    await log.waitFor();
    // The log is read again until the sender has recorded the delivery.
    for (let i = 0; i < 50 && (await log.getByText('Delivered').count()) === 0; i++) {
      await page.getByRole('button', { name: 'Hide the log' }).click();
      await page.getByRole('button', { name: `Delivery log of ${receiver.url}` }).click();
      await page.waitForTimeout(200);
    }
    await log.getByText('Delivered').waitFor();
    await session.screenshot('webhooks');
    await log.getByRole('button', { name: 'Redeliver webhook.test' }).click();
    const again = await until('the redelivery', () => (receiver.received.filter((r) => r.body.includes('"webhook.test"')).length >= 2 ? receiver.received.filter((r) => r.body.includes('"webhook.test"'))[1] : undefined));
    expect(again.headers['webhook-id']).toBe(first.headers['webhook-id']);
    expect(session.errors).toEqual([]);
  });

  it("sets the company's shared reminder address, which is confirmed by the link mailed to it", async () => {
    const { page } = session;
    const form = page.getByRole('form', { name: 'Shared address for certificate reminders' });
    await form.getByLabel('Shared address').fill('it-team@acme.be');
    await form.getByRole('button', { name: 'Save the address' }).click();
    await form.getByText('Waiting for its confirmation: a link was mailed to it').waitFor();
    const link = await mailedLink(product, 'it-team@acme.be', '/verify-email');
    expect(new URL(link).searchParams.get('token')).toMatch(/^chn_/);
    await page.goto(link);
    await page.getByText('This address is confirmed').waitFor();
    await page.goto(`${product.url}/chaman/webhooks`);
    await page.getByRole('form', { name: 'Shared address for certificate reminders' }).getByText('Confirmed: it receives the reminders').waitFor();
    expect(session.errors).toEqual([]);
  });

  it('says why an endpoint at a refused address cannot be added, in the reader’s words', async () => {
    const { page } = session;
    const add = page.getByRole('form', { name: 'Add an endpoint' });
    await add.getByLabel('Endpoint URL').fill('ftp://hooks.example.com/x');
    await add.getByRole('button', { name: 'Add an endpoint' }).click();
    await page.getByRole('alert').filter({ hasText: 'This is not a usable endpoint URL' }).waitFor();
  });
});
