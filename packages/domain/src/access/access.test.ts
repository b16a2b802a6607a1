import { describe, expect, it } from 'vitest';
import { AccessErrors } from './access.errors.js';
import {
  Actions,
  actsThroughMandate,
  allowedActions,
  can,
  checkPassword,
  checkRevocation,
  normalizeEmail,
  type Actor,
  type Role,
} from './access.js';

const company = { id: 'c1' };
const actor = (...roles: Role[]): Actor => ({ roles: { c1: roles } });

describe('can', () => {
  it('gives nothing to someone without a role', () => {
    expect(allowedActions({ roles: {} }, company)).toEqual([]);
    expect(allowedActions(actor('CHIEF_ACCESS_MANAGER'), { id: 'other' })).toEqual([]);
  });

  it('lets the legal representative appoint and revoke chief access managers, and no more', () => {
    expect(allowedActions(actor('LEGAL_REPRESENTATIVE'), company)).toEqual([
      'view-company',
      'appoint-chief-access-manager',
      'revoke-chief-access-manager',
      'view-people',
    ]);
  });

  it('lets a chief access manager do everything but nothing reserved to nobody', () => {
    expect(allowedActions(actor('CHIEF_ACCESS_MANAGER'), company)).toEqual([...Actions]);
  });

  it('lets an access manager grant Chaman access and use Chaman, not appoint managers', () => {
    const a = actor('ACCESS_MANAGER');
    expect(can(a, 'grant-chaman-access', company)).toBe(true);
    expect(can(a, 'revoke-chaman-access', company)).toBe(true);
    expect(can(a, 'use-chaman', company)).toBe(true);
    expect(can(a, 'appoint-access-manager', company)).toBe(false);
    expect(can(a, 'appoint-chief-access-manager', company)).toBe(false);
    expect(can(a, 'create-mandate', company)).toBe(false);
  });

  it('lets a Chaman user use Chaman and nothing else', () => {
    expect(allowedActions(actor('CHAMAN'), company)).toEqual(['view-company', 'use-chaman']);
  });

  it('adds up the rights of several roles', () => {
    const a = actor('LEGAL_REPRESENTATIVE', 'CHAMAN');
    expect(can(a, 'appoint-chief-access-manager', company)).toBe(true);
    expect(can(a, 'use-chaman', company)).toBe(true);
    expect(can(a, 'grant-chaman-access', company)).toBe(false);
  });

  it('lets a mandated provider use Chaman for the mandator, and nothing more', () => {
    const mandator = { id: 'm', activeProviderIds: ['p'] };
    const providerUser: Actor = { roles: { p: ['CHAMAN'] } };
    expect(can(providerUser, 'use-chaman', mandator)).toBe(true);
    expect(can(providerUser, 'view-company', mandator)).toBe(true);
    expect(can(providerUser, 'grant-chaman-access', mandator)).toBe(false);
    expect(can(providerUser, 'read-audit-log', mandator)).toBe(false);
    expect(actsThroughMandate(providerUser, mandator)).toBe('p');
    // The provider's legal representative cannot use Chaman for his own company, so not for the mandator.
    expect(can({ roles: { p: ['LEGAL_REPRESENTATIVE'] } }, 'use-chaman', mandator)).toBe(false);
    // Without an active mandate, nothing.
    expect(can(providerUser, 'use-chaman', { id: 'm' })).toBe(false);
  });
});

describe('checkRevocation', () => {
  const facts = { role: 'CHIEF_ACCESS_MANAGER' as const, status: 'ACTIVE' as const, activeChiefCount: 1 };

  it('keeps the last chief access manager unless the legal representative revokes', () => {
    const r = checkRevocation(actor('CHIEF_ACCESS_MANAGER'), company, facts);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toBe(AccessErrors.lastChiefAccessManager);
    expect(checkRevocation(actor('LEGAL_REPRESENTATIVE'), company, facts).ok).toBe(true);
    expect(checkRevocation(actor('CHIEF_ACCESS_MANAGER'), company, { ...facts, activeChiefCount: 2 }).ok).toBe(true);
  });

  it('refuses without the revoke right, and twice', () => {
    const r = checkRevocation(actor('ACCESS_MANAGER'), company, { ...facts, role: 'ACCESS_MANAGER' });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toBe(AccessErrors.notAllowed);
    const again = checkRevocation(actor('ACCESS_MANAGER'), company, { ...facts, role: 'CHAMAN', status: 'REVOKED' });
    expect(again.ok).toBe(false);
    if (!again.ok) expect(again.error.code).toBe(AccessErrors.alreadyRevoked);
    expect(checkRevocation(actor('CHIEF_ACCESS_MANAGER'), company, { ...facts, role: 'LEGAL_REPRESENTATIVE' }).ok).toBe(false);
  });
});

describe('people', () => {
  it('normalises emails case-insensitively', () => {
    expect(normalizeEmail('  Ann.Smith@Example.COM ')).toEqual({ ok: true, value: 'ann.smith@example.com' });
    expect(normalizeEmail('not an email').ok).toBe(false);
    expect(normalizeEmail(`${'a'.repeat(250)}@x.be`).ok).toBe(false);
  });
  it('wants passwords of at least 12 characters', () => {
    const r = checkPassword('short', null);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toContain('at least 12');
    expect(checkPassword('correct horse battery', 'ann@example.com').ok).toBe(true);
  });
});
