import { describe, expect, it } from 'vitest';
import { CompanyErrors } from './company.errors.js';
import { formatEnterpriseNumber, nssoNumber, parseEnterpriseNumber, validateCompanyName, validateRejectionReason } from './company.js';

describe('parseEnterpriseNumber', () => {
  it.each(['0203201340', '0203.201.340', ' 0203 201 340 ', 'BE0203.201.340', '203201340'])('accepts %j', (input) => {
    expect(parseEnterpriseNumber(input)).toEqual({ ok: true, value: '0203201340' });
  });

  it('accepts numbers starting with 1', () => {
    const body = '10000000';
    const check = String(97 - (Number(body) % 97)).padStart(2, '0');
    expect(parseEnterpriseNumber(body + check)).toEqual({ ok: true, value: body + check });
  });

  it('refuses a wrong check with the expected digits', () => {
    const r = parseEnterpriseNumber('0203.201.341');
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe(CompanyErrors.enterpriseNumberCheck);
      expect(r.error.message).toContain('should be 40');
    }
  });

  it('refuses an establishment unit number and says so', () => {
    const r = parseEnterpriseNumber('2.123.456.789');
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe(CompanyErrors.establishmentUnit);
      expect(r.error.message).toMatch(/establishment unit/);
    }
  });

  it.each(['', 'abc', '12345', '02032013401', '9203201340'])('refuses %j', (input) => {
    const r = parseEnterpriseNumber(input);
    expect(r.ok).toBe(false);
  });
});

describe('nssoNumber', () => {
  it('appends 97 - (sequence mod 97)', () => {
    expect(nssoNumber(1)).toBe('000000196');
    expect(nssoNumber(97)).toBe('000009797');
    expect(nssoNumber(1234567)).toBe(`1234567${String(97 - (1234567 % 97)).padStart(2, '0')}`);
  });
  it('refuses out-of-range sequences', () => {
    expect(() => nssoNumber(0)).toThrow(RangeError);
    expect(() => nssoNumber(10_000_000)).toThrow(RangeError);
  });
});

describe('formatEnterpriseNumber and validateCompanyName', () => {
  it('formats with dots', () => expect(formatEnterpriseNumber('0203201340')).toBe('0203.201.340'));
  it('normalises spaces and refuses empty names', () => {
    expect(validateCompanyName('  Acme   NV ')).toEqual({ ok: true, value: 'Acme NV' });
    expect(validateCompanyName('   ').ok).toBe(false);
    expect(validateCompanyName('x'.repeat(201)).ok).toBe(false);
  });
});

describe('validateRejectionReason', () => {
  it('wants 1 to 500 characters', () => {
    expect(validateRejectionReason('  Not the company\'s representative ')).toEqual({ ok: true, value: "Not the company's representative" });
    for (const bad of ['   ', 'x'.repeat(501)]) {
      const r = validateRejectionReason(bad);
      expect(r.ok ? null : r.error.code).toBe(CompanyErrors.rejectionReason);
    }
    expect(validateRejectionReason('x'.repeat(500)).ok).toBe(true);
  });
});
