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
  });

  it('accepts PostgreSQL URLs and a public URL', () => {
    const c = loadConfig({ DATABASE_URL: 'postgres://u@db:5432/chaman', PUBLIC_URL: 'https://x.example/', PORT: '8080' });
    expect(c.database).toEqual({ kind: 'postgres', url: 'postgres://u@db:5432/chaman' });
    expect(c.publicUrl).toBe('https://x.example');
  });

  it('approves employers by operator in production, automatically elsewhere', () => {
    expect(loadConfig({}).employerApproval).toBe('automatic');
    expect(loadConfig({ NODE_ENV: 'test' }).employerApproval).toBe('automatic');
    const production = loadConfig({ NODE_ENV: 'production', OPERATOR_EMAILS: 'Ops@Chaman.example; second@chaman.example' });
    expect(production.employerApproval).toBe('operator');
    expect([...production.operatorEmails]).toEqual(['ops@chaman.example', 'second@chaman.example']);
    expect(loadConfig({ NODE_ENV: 'production', EMPLOYER_APPROVAL: 'automatic' }).employerApproval).toBe('automatic');
    expect(loadConfig({ EMPLOYER_APPROVAL: 'operator' }).operatorEmails.size).toBe(0);
  });

  it.each([
    [{ PORT: 'abc' }, /^PORT="abc" is not a port/],
    [{ PORT: '70000' }, /^PORT="70000"/],
    [{ DATABASE_URL: 'mysql://x' }, /^DATABASE_URL="mysql:\/\/x" is not supported; use sqlite:/],
    [{ DATABASE_URL: 'sqlite:' }, /^DATABASE_URL="sqlite:" names no file/],
    [{ PUBLIC_URL: 'ftp://x' }, /^PUBLIC_URL="ftp:\/\/x" is not an http\(s\) URL/],
    [{ NODE_ENV: 'prod' }, /^NODE_ENV="prod" is not allowed; use one of: development, production, test$/],
    [{ EMPLOYER_APPROVAL: 'manual' }, /^EMPLOYER_APPROVAL="manual" is not allowed; use one of: operator, automatic$/],
    [{ OPERATOR_EMAILS: 'ops@example.be, nobody' }, /^OPERATOR_EMAILS contains "nobody", which is not an email address/],
    [{ NODE_ENV: 'production' }, /^EMPLOYER_APPROVAL=operator \(the default in production\) needs OPERATOR_EMAILS/],
    [{ NODE_ENV: 'production', EMPLOYER_APPROVAL: 'operator', OPERATOR_EMAILS: ' ' }, /^EMPLOYER_APPROVAL=operator .* needs OPERATOR_EMAILS/],
  ])('refuses %j with one clear line', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });
});
