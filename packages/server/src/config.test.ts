import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

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
    const c = loadConfig({ NODE_ENV: 'production', EMPLOYER_APPROVAL: 'automatic', SMTP_URL: 'smtps://mailer:s3cret@mail.example.com:465', MAIL_FROM: 'Chaman Acme <chaman@acme.example>' });
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
    const production = loadConfig({ NODE_ENV: 'production', SMTP_URL: 'smtp://127.0.0.1:2525', OPERATOR_EMAILS: 'Ops@Chaman.example; second@chaman.example' });
    expect(production.employerApproval).toBe('operator');
    expect([...production.operatorEmails]).toEqual(['ops@chaman.example', 'second@chaman.example']);
    expect(loadConfig({ NODE_ENV: 'production', SMTP_URL: 'smtp://127.0.0.1:2525', EMPLOYER_APPROVAL: 'automatic' }).employerApproval).toBe('automatic');
    expect(loadConfig({ EMPLOYER_APPROVAL: 'operator' }).operatorEmails.size).toBe(0);
  });

  it('offers single sign-on when the provider is named, with a default button name', () => {
    expect(loadConfig({}).oidc).toBeNull();
    const oidc = loadConfig({ OIDC_ISSUER: 'https://idp.example/realm', OIDC_CLIENT_ID: 'chaman', OIDC_CLIENT_SECRET: 's3cret' }).oidc;
    expect(oidc).toEqual({ issuer: 'https://idp.example/realm', clientId: 'chaman', clientSecret: 's3cret', name: 'single sign-on' });
    expect(loadConfig({ OIDC_ISSUER: 'http://127.0.0.1:9000', OIDC_CLIENT_ID: 'c', OIDC_CLIENT_SECRET: 's', OIDC_NAME: 'Staff' }).oidc?.name).toBe('Staff');
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
  ])('refuses %j with one clear line', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });
});

describe('reminders and webhooks', () => {
  it('reads EXPIRY_SCAN_MINUTES (60) and the webhook flags: http outside production, private addresses only when allowed', () => {
    const dev = loadConfig({});
    expect(dev.expiryScanMinutes).toBe(60);
    expect(dev.webhooks).toEqual({ allowHttp: true, allowPrivate: false });
    const prod = loadConfig({ NODE_ENV: 'production', SMTP_URL: 'smtp://mail.example:25', EMPLOYER_APPROVAL: 'automatic' });
    expect(prod.webhooks).toEqual({ allowHttp: false, allowPrivate: false });
    expect(loadConfig({ NODE_ENV: 'production', SMTP_URL: 'smtp://mail.example:25', EMPLOYER_APPROVAL: 'automatic', WEBHOOK_ALLOW_HTTP: 'true', WEBHOOK_ALLOW_PRIVATE: 'true', EXPIRY_SCAN_MINUTES: '5' })).toMatchObject({
      expiryScanMinutes: 5,
      webhooks: { allowHttp: true, allowPrivate: true },
    });
    expect(() => loadConfig({ WEBHOOK_ALLOW_PRIVATE: 'yes' })).toThrow(ConfigError);
    expect(() => loadConfig({ WEBHOOK_ALLOW_PRIVATE: 'yes' })).toThrow('WEBHOOK_ALLOW_PRIVATE="yes" is not allowed; use true or false');
    expect(() => loadConfig({ EXPIRY_SCAN_MINUTES: '0' })).toThrow('EXPIRY_SCAN_MINUTES');
  });
});
