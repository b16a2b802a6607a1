import { normalizeEmail } from '@chaman/domain';
import { resolve } from 'node:path';

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
    expiryScanMinutes: positiveInt(env, 'EXPIRY_SCAN_MINUTES', 60, 24 * 60),
    webhooks: parseWebhookConfig(env, nodeEnv),
  };
}
