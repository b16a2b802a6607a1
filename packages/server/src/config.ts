import { normalizeEmail } from '@chaman/domain';
import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { dirname, resolve } from 'node:path';
import { parseKeyEncryptionKey } from './oauth/key-encryption.js';

export type DatabaseConfig =
  | { kind: 'sqlite'; file: string }
  | { kind: 'postgres'; url: string };

export interface Config {
  port: number;
  host: string;
  database: DatabaseConfig;
  /** The URL people and clients reach this server at, without a trailing slash. */
  publicUrl: string;
  nodeEnv: 'development' | 'production' | 'test';
  /** Where the built admin UI lives; absent: the UI is not served (API-only). */
  adminUiDir: string | null;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  sessions: { idleMinutes: number; maxDays: number };
  /** A request must have arrived whole within this time. */
  requestTimeoutSeconds: number;
  /** How long access tokens live. */
  tokenLifetimeSeconds: number;
  /** Token requests per minute, per client ID and per client IP (each server instance counts its own). */
  tokenRateLimits: { perClient: number; perIp: number };
  rateLimits: {
    /** Failed sign-ins per email per 15 minutes. */
    signInPerEmail: number;
    /** Failed sign-ins per client IP per 15 minutes. */
    signInPerIp: number;
    /** Sign-ups per client IP per hour. */
    signUpPerIp: number;
  };
  /**
   * How a new employer registration becomes usable: `operator`, PENDING until a platform operator
   * approves it; `automatic`, APPROVED at once.
   */
  employerApproval: EmployerApproval;
  /** The emails (normalised) whose proven owners are platform operators. */
  operatorEmails: ReadonlySet<string>;
  mail: MailConfig;
  /** Single sign-on with an OpenID provider; null when it is not offered. */
  oidc: OidcConfig | null;
  /**
   * Which proxies in front of the server are believed about the client's address (Fastify's
   * trustProxy): false, none; a number, that many hops counted from the server; a list, the proxies
   * with these addresses or in these CIDR ranges.
   */
  trustProxy: false | number | string[];
  /**
   * The key that encrypts the token-signing keys in the database (KEY_ENCRYPTION_KEY or
   * KEY_ENCRYPTION_KEY_FILE); null outside production when neither is set: then one is kept in `dataDir`.
   */
  keyEncryptionKey: Buffer | null;
  /** The server's own files (DATA_DIR; default: the SQLite database's folder, or ./data). */
  dataDir: string;
  metrics: MetricsConfig;
  /** How often certificates in use are checked for expiry reminders (and once at start). */
  expiryScanMinutes: number;
  webhooks: WebhookConfig;
}

export interface WebhookConfig {
  /** Plain http endpoints allowed: outside production, or with WEBHOOK_ALLOW_HTTP=true. */
  allowHttp: boolean;
  /** Endpoints at loopback, private, link-local or metadata addresses allowed (WEBHOOK_ALLOW_PRIVATE=true: closed networks, tests). */
  allowPrivate: boolean;
}

function flag(env: NodeJS.ProcessEnv, name: string): boolean | null {
  const text = env[name];
  if (text === undefined || text === '') return null;
  if (text === 'true') return true;
  if (text === 'false') return false;
  throw new ConfigError(`${name}=${JSON.stringify(text)} is not allowed; use true or false`);
}

export function parseWebhookConfig(env: NodeJS.ProcessEnv, nodeEnv: Config['nodeEnv']): WebhookConfig {
  return {
    allowHttp: flag(env, 'WEBHOOK_ALLOW_HTTP') ?? nodeEnv !== 'production',
    allowPrivate: flag(env, 'WEBHOOK_ALLOW_PRIVATE') ?? false,
  };
}

/**
 * Where GET /metrics (Prometheus) is answered: on `port`, a listener of its own on the same host,
 * when set; otherwise on the main port when `token` is set; nowhere (404) when neither is. When
 * `token` is set, a scrape must present it as a bearer token wherever it is answered.
 */
export interface MetricsConfig {
  token: string | null;
  port: number | null;
}

export interface OidcConfig {
  /** The provider's issuer URL, as its discovery document names it. */
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** Shown on the button: "Sign in with <name>". */
  name: string;
}

export interface MailConfig {
  /**
   * The SMTP server mail is handed to (smtp://user:pass@host:port, smtps://...); null: mail is
   * printed to the log, which only development and tests allow.
   */
  smtpUrl: string | null;
  /** The From header: `Name <address>` or an address. */
  from: string;
}

export const EMPLOYER_APPROVALS = ['operator', 'automatic'] as const;
export type EmployerApproval = (typeof EMPLOYER_APPROVALS)[number];

/** A configuration value that cannot be used; its message is the one line the operator reads. */
export class ConfigError extends Error {}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
const NODE_ENVS = ['development', 'production', 'test'] as const;

function oneOf<T extends string>(name: string, value: string, allowed: readonly T[]): T {
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new ConfigError(`${name}=${JSON.stringify(value)} is not allowed; use one of: ${allowed.join(', ')}`);
}

export function parseDatabaseUrl(value: string, cwd = process.cwd()): DatabaseConfig {
  if (value.startsWith('sqlite:')) {
    const file = value.slice('sqlite:'.length).replace(/^\/\/(?=\/)/, '');
    if (file.length === 0) {
      throw new ConfigError(`DATABASE_URL=${JSON.stringify(value)} names no file; use sqlite:./data/chaman.sqlite`);
    }
    return { kind: 'sqlite', file: resolve(cwd, file) };
  }
  if (/^postgres(ql)?:\/\//.test(value)) {
    try {
      const u = new URL(value);
      if (!u.hostname) throw new Error('no host');
    } catch {
      throw new ConfigError(
        `DATABASE_URL=${JSON.stringify(value)} is not a valid PostgreSQL URL; use postgres://user@host:port/db`,
      );
    }
    return { kind: 'postgres', url: value };
  }
  throw new ConfigError(
    `DATABASE_URL=${JSON.stringify(value)} is not supported; use sqlite:<file> (default sqlite:./data/chaman.sqlite) or postgres://user@host:port/db`,
  );
}

function positiveInt(env: NodeJS.ProcessEnv, name: string, fallback: number, max = 1_000_000): number {
  const text = env[name];
  if (text === undefined || text === '') return fallback;
  const n = Number(text);
  if (!/^\d+$/.test(text) || n < 1 || n > max) {
    throw new ConfigError(`${name}=${JSON.stringify(text)} is not allowed; use a whole number from 1 to ${max} (default ${fallback})`);
  }
  return n;
}

/** The URL with its password hidden, for messages that may end up in a log. */
function withoutPassword(url: URL): string {
  if (!url.password) return url.toString();
  const shown = new URL(url);
  shown.password = '***';
  return shown.toString();
}

const MAIL_FROM_DEFAULT = 'Chaman <no-reply@localhost>';
const ADDRESS = String.raw`[^\s<>@",;]+@[^\s<>@",;]+`;
const MAIL_FROM_FORMAT = new RegExp(String.raw`^(?:[^<>\r\n]*<${ADDRESS}>|${ADDRESS})$`);

export function parseMailConfig(env: NodeJS.ProcessEnv, nodeEnv: Config['nodeEnv']): MailConfig {
  const text = env.SMTP_URL ?? '';
  let smtpUrl: string | null = null;
  if (text !== '') {
    let url: URL | null = null;
    try {
      url = new URL(text);
    } catch {
      // reported below, without echoing what may hold a password
    }
    if (!url || (url.protocol !== 'smtp:' && url.protocol !== 'smtps:') || !url.hostname || url.pathname.replace(/^\/$/, '') !== '') {
      const shown = url ? JSON.stringify(withoutPassword(url)) : 'the value given';
      throw new ConfigError(`SMTP_URL=${shown} is not an SMTP URL; use smtp://user:pass@host:587 (STARTTLS) or smtps://user:pass@host:465 (TLS)`);
    }
    smtpUrl = text;
  } else if (nodeEnv === 'production') {
    throw new ConfigError('SMTP_URL is required in production (NODE_ENV=production): Chaman sends invitations by mail; e.g. SMTP_URL=smtps://user:pass@mail.example.com:465');
  }
  const from = env.MAIL_FROM || MAIL_FROM_DEFAULT;
  if (!MAIL_FROM_FORMAT.test(from)) {
    throw new ConfigError(`MAIL_FROM=${JSON.stringify(from)} is not a sender; use an address or Name <address>, e.g. ${MAIL_FROM_DEFAULT}`);
  }
  return { smtpUrl, from };
}

/** OPERATOR_EMAILS: emails separated by commas, spaces or semicolons, each normalised. */
function operatorEmails(text: string | undefined): Set<string> {
  const emails = new Set<string>();
  for (const item of (text ?? '').split(/[\s,;]+/).filter(Boolean)) {
    const email = normalizeEmail(item);
    if (!email.ok) {
      throw new ConfigError(`OPERATOR_EMAILS contains ${JSON.stringify(item.slice(0, 60))}, which is not an email address; list emails separated by commas`);
    }
    emails.add(email.value);
  }
  return emails;
}

const OIDC_REQUIRED = ['OIDC_ISSUER', 'OIDC_CLIENT_ID', 'OIDC_CLIENT_SECRET'] as const;

/** Loopback hosts: an identity provider there may speak plain http (development, tests). */
const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * Single sign-on is offered when the three OIDC_* variables that name the provider are all set; some
 * but not all of them (or a name for no provider) is a mistake worth stopping for.
 */
export function parseOidc(env: NodeJS.ProcessEnv): OidcConfig | null {
  const given = (name: string) => (env[name] ?? '') !== '';
  const missing = OIDC_REQUIRED.filter((name) => !given(name));
  if (missing.length === OIDC_REQUIRED.length) {
    if (given('OIDC_NAME')) throw new ConfigError(`OIDC_NAME is set but ${missing.join(', ')} are not; set all three for single sign-on, or none`);
    return null;
  }
  if (missing.length > 0) {
    throw new ConfigError(`single sign-on needs ${OIDC_REQUIRED.join(', ')}; missing: ${missing.join(', ')}`);
  }
  const issuerText = env.OIDC_ISSUER!;
  let issuer: URL;
  try {
    issuer = new URL(issuerText);
  } catch {
    throw new ConfigError(`OIDC_ISSUER=${JSON.stringify(issuerText)} is not a URL; e.g. https://login.example.com/realms/staff`);
  }
  // Tokens from a provider reached over plain http could be read or changed on the way.
  if (issuer.protocol !== 'https:' && !(issuer.protocol === 'http:' && LOOPBACK.has(issuer.hostname))) {
    throw new ConfigError(`OIDC_ISSUER=${JSON.stringify(issuerText)} must be an https URL (plain http only on localhost)`);
  }
  // The links to the provider's identities keep the issuer in a column of 255 characters.
  if (issuerText.length > 255) throw new ConfigError(`OIDC_ISSUER has ${issuerText.length} characters; at most 255 are supported`);
  const name = (env.OIDC_NAME ?? '').trim() || 'single sign-on';
  if (name.length > 60) throw new ConfigError(`OIDC_NAME has ${name.length} characters; at most 60 fit on the button`);
  return { issuer: issuerText, clientId: env.OIDC_CLIENT_ID!, clientSecret: env.OIDC_CLIENT_SECRET!, name };
}

const TRUST_PROXY_HELP = 'use a number of proxy hops (1 for one reverse proxy; true means 1), or proxy addresses and CIDR ranges separated by commas (10.0.0.1, 10.1.0.0/16, ::1), or false';

/**
 * TRUST_PROXY: how many proxies (hops) in front of the server append to X-Forwarded-For, or which
 * they are. The client's address is then the one the last trusted proxy saw, never an entry further
 * left, which the client itself may have written.
 */
export function parseTrustProxy(text: string | undefined): Config['trustProxy'] {
  const value = (text ?? '').trim();
  if (value === '' || value === 'false' || value === '0') return false;
  // `true` trusted every hop before, so a client could put any address in front: now it means one.
  if (value === 'true') return 1;
  if (/^\d+$/.test(value)) {
    const hops = Number(value);
    if (hops > 100) throw new ConfigError(`TRUST_PROXY=${JSON.stringify(value)} is not allowed; ${TRUST_PROXY_HELP}`);
    return hops;
  }
  const entries = value.split(',').map((entry) => entry.trim()).filter(Boolean);
  for (const entry of entries) {
    const [address, bits, extra] = entry.split('/');
    const family = isIP(address ?? '');
    const max = family === 4 ? 32 : 128;
    if (family === 0 || extra !== undefined || (bits !== undefined && (!/^\d+$/.test(bits) || Number(bits) > max))) {
      throw new ConfigError(`TRUST_PROXY contains ${JSON.stringify(entry.slice(0, 60))}, which is not an IP address or CIDR range; ${TRUST_PROXY_HELP}`);
    }
  }
  return entries;
}

const KEK_FORMAT = '32 random bytes in base64, as openssl rand -base64 32 prints them';

/** KEY_ENCRYPTION_KEY, or the file KEY_ENCRYPTION_KEY_FILE names; required in production. Its value is never repeated in a message. */
export function parseKeyEncryptionKeyConfig(env: NodeJS.ProcessEnv, nodeEnv: Config['nodeEnv'], cwd: string): Buffer | null {
  const text = env.KEY_ENCRYPTION_KEY ?? '';
  const file = env.KEY_ENCRYPTION_KEY_FILE ?? '';
  if (text !== '' && file !== '') throw new ConfigError('KEY_ENCRYPTION_KEY and KEY_ENCRYPTION_KEY_FILE are both set; set one of them');
  if (text !== '') {
    const key = parseKeyEncryptionKey(text);
    if (!key) throw new ConfigError(`KEY_ENCRYPTION_KEY is not ${KEK_FORMAT} (a text of 44 characters ending in =)`);
    return key;
  }
  if (file !== '') {
    let content: string;
    try {
      content = readFileSync(resolve(cwd, file), 'utf8');
    } catch (error) {
      throw new ConfigError(`KEY_ENCRYPTION_KEY_FILE=${JSON.stringify(file)} cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
    }
    const key = parseKeyEncryptionKey(content);
    if (!key) throw new ConfigError(`KEY_ENCRYPTION_KEY_FILE=${JSON.stringify(file)} does not hold ${KEK_FORMAT}`);
    return key;
  }
  if (nodeEnv === 'production') {
    throw new ConfigError(
      `KEY_ENCRYPTION_KEY (or KEY_ENCRYPTION_KEY_FILE) is required in production (NODE_ENV=production): it encrypts the token-signing keys in the database; make one with openssl rand -base64 32 and keep it apart from the database and its backups`,
    );
  }
  return null;
}

/** A bearer token (RFC 6750's b64token): what Prometheus' `authorization.credentials` sends as is. */
const BEARER_TOKEN = /^[A-Za-z0-9\-._~+/]+=*$/;
const METRICS_TOKEN_MIN = 32;
const METRICS_TOKEN_MAX = 256;

/** METRICS_TOKEN and METRICS_PORT; the messages never repeat the token. */
export function parseMetrics(env: NodeJS.ProcessEnv, mainPort: number): MetricsConfig {
  const tokenText = env.METRICS_TOKEN ?? '';
  let token: string | null = null;
  if (tokenText !== '') {
    const example = 'e.g. METRICS_TOKEN=$(openssl rand -hex 32)';
    if (tokenText.length < METRICS_TOKEN_MIN || tokenText.length > METRICS_TOKEN_MAX) {
      throw new ConfigError(`METRICS_TOKEN has ${tokenText.length} characters; use ${METRICS_TOKEN_MIN} to ${METRICS_TOKEN_MAX} (a scrape token must not be guessable), ${example}`);
    }
    if (!BEARER_TOKEN.test(tokenText)) {
      throw new ConfigError(`METRICS_TOKEN holds a character a bearer token cannot carry; use letters, digits and - . _ ~ + / only, ${example}`);
    }
    token = tokenText;
  }
  const portText = env.METRICS_PORT ?? '';
  let port: number | null = null;
  if (portText !== '') {
    const n = Number(portText);
    if (!/^\d+$/.test(portText) || n < 1 || n > 65535) {
      throw new ConfigError(`METRICS_PORT=${JSON.stringify(portText)} is not a port; use a whole number from 1 to 65535, or leave it unset to serve /metrics on the main port (with METRICS_TOKEN)`);
    }
    if (n === mainPort) {
      throw new ConfigError(`METRICS_PORT=${n} is also PORT; the metrics listener needs a port of its own (or unset METRICS_PORT and set METRICS_TOKEN to serve /metrics on the main port)`);
    }
    port = n;
  }
  return { token, port };
}

/** Reads and checks the configuration; throws a ConfigError naming the first bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): Config {
  const portText = env.PORT ?? '4000';
  const port = Number(portText);
  if (!/^\d+$/.test(portText) || port > 65535) {
    throw new ConfigError(`PORT=${JSON.stringify(portText)} is not a port; use a whole number from 0 to 65535`);
  }
  const host = env.HOST ?? '127.0.0.1';
  if (!/^[\w.:\-[\]]+$/.test(host)) {
    throw new ConfigError(`HOST=${JSON.stringify(host)} is not a host name or IP address; e.g. 127.0.0.1 or 0.0.0.0`);
  }
  const database = parseDatabaseUrl(env.DATABASE_URL ?? 'sqlite:./data/chaman.sqlite', cwd);
  const publicUrlText = env.PUBLIC_URL ?? `http://localhost:${port}`;
  let publicUrl: string;
  try {
    const u = new URL(publicUrlText);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error('scheme');
    if (u.search || u.hash) throw new Error('query');
    publicUrl = u.toString().replace(/\/$/, '');
  } catch {
    throw new ConfigError(
      `PUBLIC_URL=${JSON.stringify(publicUrlText)} is not an http(s) URL without query; e.g. https://chaman.example.com`,
    );
  }
  const nodeEnv = oneOf('NODE_ENV', env.NODE_ENV ?? 'development', NODE_ENVS);
  const logLevel = oneOf('LOG_LEVEL', env.LOG_LEVEL ?? (nodeEnv === 'test' ? 'warn' : 'info'), LOG_LEVELS);
  const adminUiDir =
    env.ADMIN_UI_DIR === ''
      ? null
      : resolve(cwd, env.ADMIN_UI_DIR ?? new URL('../../admin-ui/dist', import.meta.url).pathname);
  const sessions = {
    idleMinutes: positiveInt(env, 'SESSION_IDLE_MINUTES', 8 * 60, 60 * 24 * 30),
    maxDays: positiveInt(env, 'SESSION_MAX_DAYS', 7, 365),
  };
  const rateLimits = {
    signInPerEmail: positiveInt(env, 'RATE_LIMIT_SIGN_IN_PER_EMAIL', 10),
    signInPerIp: positiveInt(env, 'RATE_LIMIT_SIGN_IN_PER_IP', 100),
    signUpPerIp: positiveInt(env, 'RATE_LIMIT_SIGN_UP_PER_IP', 30),
  };
  const tokenLifetimeSeconds = positiveInt(env, 'TOKEN_LIFETIME_SECONDS', 600, 86_400);
  const requestTimeoutSeconds = positiveInt(env, 'REQUEST_TIMEOUT_SECONDS', 30, 3600);
  const tokenRateLimits = {
    perClient: positiveInt(env, 'TOKEN_RATE_LIMIT_PER_CLIENT', 600, 10_000_000),
    perIp: positiveInt(env, 'TOKEN_RATE_LIMIT_PER_IP', 6000, 10_000_000),
  };
  const mail = parseMailConfig(env, nodeEnv);
  const employerApproval = oneOf('EMPLOYER_APPROVAL', env.EMPLOYER_APPROVAL || (nodeEnv === 'production' ? 'operator' : 'automatic'), EMPLOYER_APPROVALS);
  const operators = operatorEmails(env.OPERATOR_EMAILS);
  // Without operators, every registration would wait forever for nobody.
  if (nodeEnv === 'production' && employerApproval === 'operator' && operators.size === 0) {
    throw new ConfigError(
      'EMPLOYER_APPROVAL=operator (the default in production) needs OPERATOR_EMAILS, the emails of the people who approve employers (comma-separated); or set EMPLOYER_APPROVAL=automatic',
    );
  }
  return {
    port,
    host,
    database,
    publicUrl,
    nodeEnv,
    adminUiDir,
    logLevel,
    sessions,
    rateLimits,
    tokenLifetimeSeconds,
    tokenRateLimits,
    requestTimeoutSeconds,
    employerApproval,
    operatorEmails: operators,
    mail,
    oidc: parseOidc(env),
    trustProxy: parseTrustProxy(env.TRUST_PROXY),
    keyEncryptionKey: parseKeyEncryptionKeyConfig(env, nodeEnv, cwd),
    dataDir: env.DATA_DIR ? resolve(cwd, env.DATA_DIR) : database.kind === 'sqlite' ? dirname(database.file) : resolve(cwd, 'data'),
    metrics: parseMetrics(env, port),
    expiryScanMinutes: positiveInt(env, 'EXPIRY_SCAN_MINUTES', 60, 24 * 60),
    webhooks: parseWebhookConfig(env, nodeEnv),
  };
}
