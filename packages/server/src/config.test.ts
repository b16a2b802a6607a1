import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig, parseTrustProxy } from './config.js';

const KEK = 'q83vEjRWeJq83vEjRWeJq83vEjRWeJq83vEjRWeJq80=';

describe('loadConfig', () => {
  it('has the documented defaults', () => {
    const c = loadConfig({}, '/srv/chaman');
    expect(c.port).toBe(4000);
    expect(c.host).toBe('127.0.0.1');
    expect(c.database).toEqual({ kind: 'sqlite', file: '/srv/chaman/data/chaman.sqlite' });
    expect(c.publicUrl).toBe('http://localhost:4000');
    expect(c.nodeEnv).toBe('development');
    expect(c.mail).toEqual({ smtpUrl: null, from: 'Chaman <no-reply@localhost>' });
  });

  it('takes an SMTP URL and a sender', () => {
    const c = loadConfig({ NODE_ENV: 'production', KEY_ENCRYPTION_KEY: KEK, EMPLOYER_APPROVAL: 'automatic', SMTP_URL: 'smtps://mailer:s3cret@mail.example.com:465', MAIL_FROM: 'Chaman Acme <chaman@acme.example>' });
    expect(c.mail).toEqual({ smtpUrl: 'smtps://mailer:s3cret@mail.example.com:465', from: 'Chaman Acme <chaman@acme.example>' });
    expect(loadConfig({ SMTP_URL: 'smtp://127.0.0.1:2525', MAIL_FROM: 'chaman@acme.example' }).mail.from).toBe('chaman@acme.example');
  });

  it('refuses to start in production without SMTP_URL, in one line', () => {
    expect(() => loadConfig({ NODE_ENV: 'production', EMPLOYER_APPROVAL: 'automatic' })).toThrow(/^SMTP_URL is required in production \(NODE_ENV=production\): [^\n]+$/);
    expect(loadConfig({ NODE_ENV: 'test' }).mail.smtpUrl).toBeNull();
  });

  it('never repeats the SMTP password in its message', () => {
    expect(() => loadConfig({ SMTP_URL: 'http://mailer:s3cret@mail.example.com' })).toThrow(/^SMTP_URL="http:\/\/mailer:\*\*\*@mail\.example\.com\/" is not an SMTP URL/);
    expect(() => loadConfig({ SMTP_URL: 'smtp://mailer:s3cret@' })).not.toThrow(/s3cret/);
  });

  it('accepts PostgreSQL URLs and a public URL', () => {
    const c = loadConfig({ DATABASE_URL: 'postgres://u@db:5432/chaman', PUBLIC_URL: 'https://x.example/', PORT: '8080' });
    expect(c.database).toEqual({ kind: 'postgres', url: 'postgres://u@db:5432/chaman' });
    expect(c.publicUrl).toBe('https://x.example');
  });

  it('approves employers by operator in production, automatically elsewhere', () => {
    expect(loadConfig({}).employerApproval).toBe('automatic');
    expect(loadConfig({ NODE_ENV: 'test' }).employerApproval).toBe('automatic');
    const production = loadConfig({ NODE_ENV: 'production', KEY_ENCRYPTION_KEY: KEK, SMTP_URL: 'smtp://127.0.0.1:2525', OPERATOR_EMAILS: 'Ops@Chaman.example; second@chaman.example' });
    expect(production.employerApproval).toBe('operator');
    expect([...production.operatorEmails]).toEqual(['ops@chaman.example', 'second@chaman.example']);
    expect(loadConfig({ NODE_ENV: 'production', KEY_ENCRYPTION_KEY: KEK, SMTP_URL: 'smtp://127.0.0.1:2525', EMPLOYER_APPROVAL: 'automatic' }).employerApproval).toBe('automatic');
    expect(loadConfig({ EMPLOYER_APPROVAL: 'operator' }).operatorEmails.size).toBe(0);
  });

  it('offers single sign-on when the provider is named, with a default button name', () => {
    expect(loadConfig({}).oidc).toBeNull();
    const oidc = loadConfig({ OIDC_ISSUER: 'https://idp.example/realm', OIDC_CLIENT_ID: 'chaman', OIDC_CLIENT_SECRET: 's3cret' }).oidc;
    expect(oidc).toEqual({ issuer: 'https://idp.example/realm', clientId: 'chaman', clientSecret: 's3cret', name: 'single sign-on' });
    expect(loadConfig({ OIDC_ISSUER: 'http://127.0.0.1:9000', OIDC_CLIENT_ID: 'c', OIDC_CLIENT_SECRET: 's', OIDC_NAME: 'Staff' }).oidc?.name).toBe('Staff');
  });

  it('serves metrics nowhere by default, on the main port with METRICS_TOKEN, on METRICS_PORT when set', () => {
    const token = 'Zm9vYmFyLWJhei1xdXV4LWNvcmdlLWdyYXVsdA==';
    expect(loadConfig({}).metrics).toEqual({ token: null, port: null });
    expect(loadConfig({ METRICS_TOKEN: token }).metrics).toEqual({ token, port: null });
    expect(loadConfig({ METRICS_PORT: '9464' }).metrics).toEqual({ token: null, port: 9464 });
    expect(loadConfig({ METRICS_TOKEN: token, METRICS_PORT: '9464' }).metrics).toEqual({ token, port: 9464 });
  });

  it('never repeats the metrics token in its messages', () => {
    for (const METRICS_TOKEN of ['secret-but-short', `${'s3cret'.repeat(8)}\u00e9`]) {
      const message = (() => {
        try {
          loadConfig({ METRICS_TOKEN });
        } catch (error) {
          return error instanceof ConfigError ? error.message : 'not a ConfigError';
        }
        return 'accepted';
      })();
      expect(message).toMatch(/^METRICS_TOKEN /);
      expect(message).not.toContain('s3cret');
      expect(message).not.toContain('secret-but-short');
    }
  });

  it.each([
    [{ PORT: 'abc' }, /^PORT="abc" is not a port/],
    [{ PORT: '70000' }, /^PORT="70000"/],
    [{ DATABASE_URL: 'mysql://x' }, /^DATABASE_URL="mysql:\/\/x" is not supported; use sqlite:/],
    [{ DATABASE_URL: 'sqlite:' }, /^DATABASE_URL="sqlite:" names no file/],
    [{ PUBLIC_URL: 'ftp://x' }, /^PUBLIC_URL="ftp:\/\/x" is not an http\(s\) URL/],
    [{ NODE_ENV: 'prod' }, /^NODE_ENV="prod" is not allowed; use one of: development, production, test$/],
    [{ SMTP_URL: 'mail.example.com:25' }, /^SMTP_URL="mail.example.com:25" is not an SMTP URL; use smtp:\/\//],
    [{ SMTP_URL: 'smtp://host:25/path' }, /^SMTP_URL="smtp:\/\/host:25\/path" is not an SMTP URL/],
    [{ MAIL_FROM: 'Chaman' }, /^MAIL_FROM="Chaman" is not a sender; use an address or Name <address>/],
    [{ MAIL_FROM: 'a@b.example, c@d.example' }, /^MAIL_FROM=.* is not a sender/],
    [{ EMPLOYER_APPROVAL: 'manual' }, /^EMPLOYER_APPROVAL="manual" is not allowed; use one of: operator, automatic$/],
    [{ OPERATOR_EMAILS: 'ops@example.be, nobody' }, /^OPERATOR_EMAILS contains "nobody", which is not an email address/],
    [{ NODE_ENV: 'production', SMTP_URL: 'smtp://127.0.0.1:2525' }, /^EMPLOYER_APPROVAL=operator \(the default in production\) needs OPERATOR_EMAILS/],
    [{ NODE_ENV: 'production', SMTP_URL: 'smtp://127.0.0.1:2525', EMPLOYER_APPROVAL: 'operator', OPERATOR_EMAILS: ' ' }, /^EMPLOYER_APPROVAL=operator .* needs OPERATOR_EMAILS/],
    [{ OIDC_ISSUER: 'https://idp.example' }, /^single sign-on needs OIDC_ISSUER, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET; missing: OIDC_CLIENT_ID, OIDC_CLIENT_SECRET$/],
    [{ OIDC_NAME: 'Staff' }, /^OIDC_NAME is set but OIDC_ISSUER, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET are not/],
    [{ OIDC_ISSUER: 'http://idp.example', OIDC_CLIENT_ID: 'c', OIDC_CLIENT_SECRET: 's' }, /^OIDC_ISSUER="http:\/\/idp.example" must be an https URL/],
    [{ METRICS_TOKEN: 'too-short' }, /^METRICS_TOKEN has 9 characters; use 32 to 256 \(a scrape token must not be guessable\), e\.g\. METRICS_TOKEN=\$\(openssl rand -hex 32\)$/],
    [{ METRICS_TOKEN: `${'a'.repeat(40)} b` }, /^METRICS_TOKEN holds a character a bearer token cannot carry; use letters, digits and - \. _ ~ \+ \/ only/],
    [{ METRICS_PORT: '9100x' }, /^METRICS_PORT="9100x" is not a port; use a whole number from 1 to 65535/],
    [{ METRICS_PORT: '0' }, /^METRICS_PORT="0" is not a port/],
    [{ PORT: '9100', METRICS_PORT: '9100' }, /^METRICS_PORT=9100 is also PORT; the metrics listener needs a port of its own/],
  ])('refuses %j with one clear line', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });
});

describe('TRUST_PROXY', () => {
  it('takes a number of hops, true for one, or proxy addresses and CIDR ranges', () => {
    expect(parseTrustProxy(undefined)).toBe(false);
    expect(parseTrustProxy('false')).toBe(false);
    // It trusted every hop before: a client could write any address in front of the proxy's.
    expect(parseTrustProxy('true')).toBe(1);
    expect(parseTrustProxy('2')).toBe(2);
    expect(parseTrustProxy('10.0.0.1, 10.1.0.0/16,::1, fd00::/8')).toEqual(['10.0.0.1', '10.1.0.0/16', '::1', 'fd00::/8']);
  });
  it('refuses anything else, naming what is allowed', () => {
    for (const bad of ['yes', '10.0.0.300', '10.0.0.0/33', '10.0.0.0/8/1', 'proxy.example.com', '101']) {
      expect(() => parseTrustProxy(bad)).toThrow(/^TRUST_PROXY.*use a number of proxy hops \(1 for one reverse proxy; true means 1\)/);
    }
  });
});

describe('KEY_ENCRYPTION_KEY', () => {
  const production = { NODE_ENV: 'production', SMTP_URL: 'smtp://127.0.0.1:2525', EMPLOYER_APPROVAL: 'automatic' };
  it('is required in production, and refused when it is not 32 bytes in base64, without repeating it', () => {
    expect(() => loadConfig(production)).toThrow(/^KEY_ENCRYPTION_KEY \(or KEY_ENCRYPTION_KEY_FILE\) is required in production \(NODE_ENV=production\): [^\n]+openssl rand -base64 32/);
    expect(() => loadConfig({ ...production, KEY_ENCRYPTION_KEY: 'c2VjcmV0LWJ1dC1zaG9ydA==' })).toThrow(/^KEY_ENCRYPTION_KEY is not 32 random bytes in base64/);
    expect(() => loadConfig({ ...production, KEY_ENCRYPTION_KEY: 'c2VjcmV0LWJ1dC1zaG9ydA==' })).not.toThrow(/c2VjcmV0/);
    expect(loadConfig({ ...production, KEY_ENCRYPTION_KEY: KEK }).keyEncryptionKey).toEqual(Buffer.from(KEK, 'base64'));
    // Outside production it may be left unset: the server keeps one in its data folder.
    expect(loadConfig({ NODE_ENV: 'development' }).keyEncryptionKey).toBeNull();
  });
  it('or KEY_ENCRYPTION_KEY_FILE, a file holding that text; not both', () => {
    const dir = mkdtempSync(join(tmpdir(), 'chaman-kek-'));
    writeFileSync(join(dir, 'kek'), `${KEK}\n`);
    writeFileSync(join(dir, 'bad'), 'not a key\n');
    expect(loadConfig({ ...production, KEY_ENCRYPTION_KEY_FILE: join(dir, 'kek') }).keyEncryptionKey).toEqual(Buffer.from(KEK, 'base64'));
    expect(() => loadConfig({ ...production, KEY_ENCRYPTION_KEY_FILE: join(dir, 'bad') })).toThrow(/does not hold 32 random bytes in base64/);
    expect(() => loadConfig({ ...production, KEY_ENCRYPTION_KEY_FILE: join(dir, 'missing') })).toThrow(/cannot be read \(ENOENT\)/);
    expect(() => loadConfig({ ...production, KEY_ENCRYPTION_KEY: KEK, KEY_ENCRYPTION_KEY_FILE: join(dir, 'kek') })).toThrow(/both set/);
  });
});

describe('reminders and webhooks', () => {
  it('reads EXPIRY_SCAN_MINUTES (60) and the webhook flags: http outside production, private addresses only when allowed', () => {
    const dev = loadConfig({});
    expect(dev.expiryScanMinutes).toBe(60);
    expect(dev.webhooks).toEqual({ allowHttp: true, allowPrivate: false });
    const prod = loadConfig({ NODE_ENV: 'production', KEY_ENCRYPTION_KEY: KEK, SMTP_URL: 'smtp://mail.example:25', EMPLOYER_APPROVAL: 'automatic' });
    expect(prod.webhooks).toEqual({ allowHttp: false, allowPrivate: false });
    expect(loadConfig({ NODE_ENV: 'production', KEY_ENCRYPTION_KEY: KEK, SMTP_URL: 'smtp://mail.example:25', EMPLOYER_APPROVAL: 'automatic', WEBHOOK_ALLOW_HTTP: 'true', WEBHOOK_ALLOW_PRIVATE: 'true', EXPIRY_SCAN_MINUTES: '5' })).toMatchObject({
      expiryScanMinutes: 5,
      webhooks: { allowHttp: true, allowPrivate: true },
    });
    expect(() => loadConfig({ WEBHOOK_ALLOW_PRIVATE: 'yes' })).toThrow(ConfigError);
    expect(() => loadConfig({ WEBHOOK_ALLOW_PRIVATE: 'yes' })).toThrow('WEBHOOK_ALLOW_PRIVATE="yes" is not allowed; use true or false');
    expect(() => loadConfig({ EXPIRY_SCAN_MINUTES: '0' })).toThrow('EXPIRY_SCAN_MINUTES');
  });
});
