import { describe, expect, it } from 'vitest';
import { PERMISSIONS, permissionsOf } from '../permission/permission.js';
import { accountHealth, checkAccountName, checkPermissionCodes, clientIdFor } from './rest-account.js';

const day = 86_400_000;
const now = new Date('2026-06-01T00:00:00Z');
const cert = (fromDays: number, toDays: number) => ({ notBefore: new Date(now.getTime() + fromDays * day), notAfter: new Date(now.getTime() + toDays * day) });

describe('accountHealth', () => {
  it('is DISABLED whatever the certificates', () => expect(accountHealth('DISABLED', [cert(-1, 400)], now)).toBe('DISABLED'));
  it('is EXPIRED without a certificate valid now', () => {
    expect(accountHealth('ACTIVE', [], now)).toBe('EXPIRED');
    expect(accountHealth('ACTIVE', [cert(-100, -1), cert(5, 400)], now)).toBe('EXPIRED');
  });
  it('counts a certificate as valid from its notBefore through its notAfter, both included', () => {
    const at = (fromMs: number, toMs: number) => ({ notBefore: new Date(now.getTime() + fromMs), notAfter: new Date(now.getTime() + toMs) });
    expect(accountHealth('ACTIVE', [at(0, 40 * day)], now)).toBe('OK');
    expect(accountHealth('ACTIVE', [at(-40 * day, 0)], now)).toBe('EXPIRING');
    expect(accountHealth('ACTIVE', [at(-40 * day, -1)], now)).toBe('EXPIRED');
    expect(accountHealth('ACTIVE', [at(1, 40 * day)], now)).toBe('EXPIRED');
  });
  it('is EXPIRING when the newest valid certificate ends within 30 days', () => {
    expect(accountHealth('ACTIVE', [cert(-100, 29)], now)).toBe('EXPIRING');
    expect(accountHealth('ACTIVE', [cert(-100, 10), cert(-1, 300)], now)).toBe('OK');
  });
});

describe('account rules', () => {
  it('makes client IDs', () => expect(clientIdFor(42)).toBe('self_service_expeditor_42'));
  it('checks names', () => {
    expect(checkAccountName('  Payroll   prod ')).toEqual({ ok: true, value: 'Payroll prod' });
    expect(checkAccountName('').ok).toBe(false);
    expect(checkAccountName('x'.repeat(101)).ok).toBe(false);
  });
  it('wants at least one known permission', () => {
    expect(checkPermissionCodes([]).ok).toBe(false);
    const r = checkPermissionCodes(['demo-consult', 'nope']);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toContain('"nope"');
    expect(checkPermissionCodes(['demo-consult', 'demo-consult'])).toEqual({ ok: true, value: ['demo-consult'] });
  });
  it('has a catalogue with unique codes and scopes, translated in four languages', () => {
    expect(new Set(PERMISSIONS.map((p) => p.code)).size).toBe(PERMISSIONS.length);
    expect(new Set(PERMISSIONS.map((p) => p.scope)).size).toBe(PERMISSIONS.length);
    for (const p of PERMISSIONS) {
      expect(p.scope).toMatch(/^scope:[a-z-]+(:[a-z-]+)+$/);
      for (const l of ['en', 'fr', 'nl', 'de'] as const) expect(p.name[l] && p.description[l]).toBeTruthy();
    }
  });
  it("gives an account's permissions in the order of its codes, leaving out codes no longer in the catalogue", () => {
    expect(permissionsOf(['dimona-consult', 'retired-api', 'demo-consult']).map((p) => p.scope)).toEqual(['scope:dimona:declaration:consult', 'scope:demo:consult']);
    expect(permissionsOf([])).toEqual([]);
  });
});
