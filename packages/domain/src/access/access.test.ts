import { describe, expect, it } from 'vitest';
import { CompanyErrors } from '../company/company.errors.js';
import { AccessErrors } from './access.errors.js';
import {
  Actions,
  actsThroughMandate,
  allowedActions,
  can,
  checkPassword,
  checkRegistration,
  checkRevocation,
  isPlatformOperator,
  normalizeEmail,
  type Actor,
  type Role,
} from './access.js';

const company = { id: 'c1', registrationStatus: 'APPROVED' as const };
const actor = (...roles: Role[]): Actor => ({ roles: { c1: roles } });

describe('can', () => {
  it('gives nothing to someone without a role', () => {
    expect(allowedActions({ roles: {} }, company)).toEqual([]);
    expect(allowedActions(actor('CHIEF_ACCESS_MANAGER'), { id: 'other', registrationStatus: 'APPROVED' })).toEqual([]);
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
    const mandator = { id: 'm', registrationStatus: 'APPROVED' as const, activeProviderIds: ['p'] };
    const providerUser: Actor = { roles: { p: ['CHAMAN'] } };
    expect(can(providerUser, 'use-chaman', mandator)).toBe(true);
    expect(can(providerUser, 'view-company', mandator)).toBe(true);
    expect(can(providerUser, 'grant-chaman-access', mandator)).toBe(false);
    expect(can(providerUser, 'read-audit-log', mandator)).toBe(false);
    expect(actsThroughMandate(providerUser, mandator)).toBe('p');
    // The provider's legal representative cannot use Chaman for his own company, so not for the mandator.
    expect(can({ roles: { p: ['LEGAL_REPRESENTATIVE'] } }, 'use-chaman', mandator)).toBe(false);
    // Without an active mandate, nothing.
    expect(can(providerUser, 'use-chaman', { id: 'm', registrationStatus: 'APPROVED' })).toBe(false);
  });
});

describe('a company whose registration is not approved', () => {
  it('may be seen by its people and nothing more, whatever their roles', () => {
    for (const registrationStatus of ['PENDING', 'REJECTED'] as const) {
      const unapproved = { ...company, registrationStatus };
      expect(allowedActions(actor('LEGAL_REPRESENTATIVE', 'CHIEF_ACCESS_MANAGER'), unapproved)).toEqual(['view-company']);
      expect(can(actor('CHIEF_ACCESS_MANAGER'), 'use-chaman', unapproved)).toBe(false);
    }
    expect(allowedActions(actor('CHIEF_ACCESS_MANAGER'), company)).toEqual([...Actions]);
  });

  it('says why: awaiting approval, or rejected', () => {
    const pending = checkRegistration({ ...company, registrationStatus: 'PENDING' }, 'appoint-chief-access-manager');
    expect(pending.ok ? null : pending.error.code).toBe(CompanyErrors.awaitingApproval);
    const rejected = checkRegistration({ ...company, registrationStatus: 'REJECTED' }, 'use-chaman');
    expect(rejected.ok ? null : rejected.error.code).toBe(CompanyErrors.registrationRejected);
    expect(checkRegistration({ ...company, registrationStatus: 'PENDING' }, 'view-company').ok).toBe(true);
  });
});

describe('isPlatformOperator', () => {
  const operators = new Set(['ops@chaman.example']);
  it('needs a listed email that the person has proven', () => {
    expect(isPlatformOperator({ email: 'ops@chaman.example', emailVerified: true }, operators)).toBe(true);
    expect(isPlatformOperator({ email: 'ops@chaman.example', emailVerified: false }, operators)).toBe(false);
    expect(isPlatformOperator({ email: 'someone@chaman.example', emailVerified: true }, operators)).toBe(false);
    expect(isPlatformOperator({ email: 'OPS@Chaman.example', emailVerified: true }, operators)).toBe(true);
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
