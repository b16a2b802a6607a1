import { randomBytes } from 'node:crypto';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { SMTPServer } from 'smtp-server';

const root = fileURLToPath(new URL('..', import.meta.url));
const serverEntry = join(root, 'packages/server/dist/main.js');
const adminUiIndex = join(root, 'packages/admin-ui/dist/index.html');
export const artifactsDir = join(root, 'e2e/artifacts');
/** Screenshots of each page, shown in the README: every e2e run makes them anew. */
export const screenshotsDir = join(root, 'docs/screenshots');

/** Chromium's binary: CHROMIUM_PATH, else Debian's. */
export function chromiumPath(): string {
  const path = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (!existsSync(path)) {
    throw new Error(
      `Chromium not found at ${path}: install it (Debian/Ubuntu: sudo apt-get install -y chromium) or set CHROMIUM_PATH`,
    );
  }
  return path;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const a = srv.address();
      srv.close(() => (typeof a === 'object' && a ? resolve(a.port) : reject(new Error('no port'))));
    });
  });
}

export interface Product {
  url: string;
  dataDir: string;
  /** The mails the product sent, as received by its SMTP server (raw RFC 5322 text). */
  mails: string[];
  stop(): Promise<void>;
}

/**
 * An SMTP server on loopback that keeps each mail's raw text: production mode requires SMTP_URL,
 * and a browser journey may need a mail's link.
 */
async function startMailbox(): Promise<{ url: string; mails: string[]; close: () => Promise<void> }> {
  const mails: string[] = [];
  const server = new SMTPServer({
    // Plain SMTP on loopback: STARTTLS would offer a self-signed certificate that the server rightly refuses.
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, _session, callback) {
      let raw = '';
      stream.setEncoding('utf8');
      stream.on('data', (chunk: string) => (raw += chunk));
      stream.on('end', () => {
        mails.push(raw);
        callback();
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return { url: `smtp://127.0.0.1:${port}`, mails, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** Starts the built product (server + admin UI) on a free port over a new SQLite file. */
export async function startProduct(env: Record<string, string> = {}): Promise<Product> {
  for (const [file, what] of [
    [serverEntry, 'server'],
    [adminUiIndex, 'admin UI'],
  ] as const) {
    if (!existsSync(file)) throw new Error(`the ${what} is not built (${file} is missing): run pnpm build first`);
  }
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'chaman-e2e-'));
  const url = `http://127.0.0.1:${port}`;
  const mailbox = await startMailbox();
  const child: ChildProcess = spawn(process.execPath, [serverEntry], {
    env: {
      ...process.env,
      SMTP_URL: mailbox.url,
      PUBLIC_URL: url,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_URL: `sqlite:${join(dataDir, 'chaman.sqlite')}`,
      NODE_ENV: 'production',
      // Production requires a key-encryption key for the token-signing keys.
      KEY_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
      // Production approves employers by operator; the journeys use the employers they register at once.
      EMPLOYER_APPROVAL: 'automatic',
      LOG_LEVEL: 'warn',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (d) => (output += d));
  child.stderr?.on('data', (d) => (output += d));
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) {
      await mailbox.close();
      throw new Error(`the server exited (${child.exitCode}):\n${output}`);
    }
    try {
      if ((await fetch(`${url}/healthz`)).ok) break;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGTERM');
      await mailbox.close();
      throw new Error(`the server did not start within 30 s:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    dataDir,
    mails: mailbox.mails,
    async stop() {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await new Promise((r) => child.once('exit', r));
      }
      await mailbox.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A raw mail's text as its reader sees it: quoted-printable soft line breaks and escapes undone. */
const unquote = (raw: string) => raw.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));

/**
 * The link of the newest mail to `to` that leads to `path` (`/verify-email`, `/reset-password`),
 * as its recipient would click it; waits up to 10 s for the mail to arrive at the product's mailbox.
 */
export async function mailedLink(product: Product, to: string, path: string): Promise<string> {
  const link = new RegExp(`${product.url.replace(/[.]/g, '\\.')}${path}\\?token=[A-Za-z0-9_%-]+`);
  const recipient = new RegExp(`^To: .*${to.replace(/[.+]/g, '\\$&')}`, 'mi');
  const deadline = Date.now() + 10_000;
  for (;;) {
    const found = product.mails.map(unquote).filter((m) => recipient.test(m) && link.test(m)).at(-1);
    if (found) return found.match(link)![0];
    if (Date.now() > deadline) throw new Error(`no mail to ${to} with a link to ${path}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export interface BrowserSession {
  browser: Browser;
  context: BrowserContext;
  page: Page;
  /** console errors and page errors seen so far */
  errors: string[];
  /** A screenshot for the README (docs/screenshots), or of a failure (e2e/artifacts). */
  screenshot(name: string): Promise<string>;
  close(): Promise<void>;
}

/** A headless Chromium with a fresh profile, and one page that records console errors. */
export async function openBrowser(): Promise<BrowserSession> {
  const browser = await chromium.launch({
    executablePath: chromiumPath(),
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(e.message));
  return {
    browser,
    context,
    page,
    errors,
    async screenshot(name) {
      const dir = name.startsWith('failed-') ? artifactsDir : screenshotsDir;
      mkdirSync(dir, { recursive: true });
      const path = join(dir, `${name}.png`);
      // From the top: a full-page screenshot of a scrolled page draws the sticky header mid-page.
      await page.evaluate(() => window.scrollTo(0, 0));
      await page.screenshot({ path, fullPage: true });
      return path;
    },
    async close() {
      await browser.close();
    },
  };
}

/**
 * The usual frame of a browser test file: the product and a browser started once for the file,
 * a screenshot of every failing test, everything stopped at the end.
 */
export function useProductAndBrowser(hooks: {
  beforeAll: (fn: () => Promise<void>) => void;
  afterEach: (fn: (ctx: { task: { name: string; result?: { state?: string } } }) => Promise<void>) => void;
  afterAll: (fn: () => Promise<void>) => void;
}): { product: Product; session: BrowserSession } {
  const env = {} as { product: Product; session: BrowserSession };
  hooks.beforeAll(async () => {
    env.product = await startProduct();
    env.session = await openBrowser();
  });
  hooks.afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail') await env.session?.screenshot(`failed-${ctx.task.name.replace(/\W+/g, '-')}`);
  });
  hooks.afterAll(async () => {
    await env.session?.close();
    await env.product?.stop();
  });
  return env;
}
