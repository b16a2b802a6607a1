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
    [{ OIDC_ISSUER: 'https://idp.example' }, /^single sign-on needs OIDC_ISSUER, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET; missing: OIDC_CLIENT_ID, OIDC_CLIENT_SECRET$/],
    [{ OIDC_NAME: 'Staff' }, /^OIDC_NAME is set but OIDC_ISSUER, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET are not/],
    [{ OIDC_ISSUER: 'http://idp.example', OIDC_CLIENT_ID: 'c', OIDC_CLIENT_SECRET: 's' }, /^OIDC_ISSUER="http:\/\/idp.example" must be an https URL/],
  ])('refuses %j with one clear line', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });
});
