import { describe, expect, it } from 'vitest';
import { CERTIFICATE_NAME_MAX, checkCertificateName } from './certificate.js';

describe('a certificate name', () => {
  it('is trimmed, its spaces collapsed', () => expect(checkCertificateName('  Payroll   2026 ')).toEqual({ ok: true, value: 'Payroll 2026' }));
  it(`has 1 to ${CERTIFICATE_NAME_MAX} characters`, () => {
    expect(checkCertificateName('   ')).toMatchObject({ ok: false, error: { code: 'certificate/name' } });
    expect(checkCertificateName('x'.repeat(CERTIFICATE_NAME_MAX)).ok).toBe(true);
    expect(checkCertificateName('x'.repeat(CERTIFICATE_NAME_MAX + 1)).ok).toBe(false);
  });
});
