import { err, ok, type DomainError, type Result } from '../shared/result.js';
import { CompanyErrors, type CompanyErrorCode } from './company.errors.js';

export const COMPANY_NAME_MAX = 200;

/**
 * Where a company's registration stands. With operator approval, a registration is PENDING until a
 * platform operator approves or rejects it; with automatic approval it is APPROVED at once.
 */
export const RegistrationStatuses = ['PENDING', 'APPROVED', 'REJECTED'] as const;
export type RegistrationStatus = (typeof RegistrationStatuses)[number];

export const REJECTION_REASON_MAX = 500;

function mod97Check(body: string): string {
  // Belgian check digits: 97 minus the body modulo 97, on two digits. Bodies of up to 8 digits fit
  // in a double exactly, so no BigInt is needed.
  return String(97 - (Number(body) % 97)).padStart(2, '0');
}

/**
 * Parses an enterprise number (KBO/BCE/CBE) as people write it: "0203.201.340", "0203 201 340",
 * "BE0203201340" or "203201340" (the leading 0 that old numbers lost). Returns the 10 digits.
 */
export function parseEnterpriseNumber(input: string): Result<string, DomainError<CompanyErrorCode>> {
  const compact = input.replace(/[\s.-]/g, '').replace(/^BE/i, '');
  const digits = /^\d{9}$/.test(compact) ? `0${compact}` : compact;
  if (!/^\d{10}$/.test(digits)) {
    return err({
      code: CompanyErrors.enterpriseNumberFormat,
      message: `"${input.slice(0, 40)}" is not an enterprise number: expected 10 digits such as 0203.201.340 (dots and spaces allowed)`,
      params: { input: input.slice(0, 40), example: '0203.201.340' },
    });
  }
  if (/^[2-8]/.test(digits)) {
    return err({
      code: CompanyErrors.establishmentUnit,
      message: `${formatEnterpriseNumber(digits)} is an establishment unit number (it starts with ${digits[0]}); register the enterprise itself, whose number starts with 0 or 1`,
      params: { enterpriseNumber: formatEnterpriseNumber(digits), firstDigit: digits[0]! },
    });
  }
  if (!/^[01]/.test(digits)) {
    return err({
      code: CompanyErrors.enterpriseNumberFormat,
      message: `${formatEnterpriseNumber(digits)} is not an enterprise number: enterprise numbers start with 0 or 1`,
      params: { input: formatEnterpriseNumber(digits), example: '0203.201.340' },
    });
  }
  const expected = mod97Check(digits.slice(0, 8));
  if (digits.slice(8) !== expected) {
    return err({
      code: CompanyErrors.enterpriseNumberCheck,
      message: `${formatEnterpriseNumber(digits)} fails the check: its last two digits should be ${expected} (97 minus the first eight digits modulo 97); check for a typing error`,
      params: { enterpriseNumber: formatEnterpriseNumber(digits), expectedCheckDigits: expected },
    });
  }
  return ok(digits);
}

/** "0203201340" -> "0203.201.340" */
export function formatEnterpriseNumber(digits: string): string {
  return `${digits.slice(0, 4)}.${digits.slice(4, 7)}.${digits.slice(7)}`;
}

/** The NSSO registration number for the n-th registered employer: a 7-digit sequence and its 2 check digits. */
export function nssoNumber(sequence: number): string {
  if (!Number.isInteger(sequence) || sequence < 1 || sequence > 9_999_999) {
    throw new RangeError(`NSSO sequence out of range: ${sequence}`);
  }
  const body = String(sequence).padStart(7, '0');
  return body + mod97Check(body);
}

export function validateCompanyName(input: string): Result<string, DomainError<CompanyErrorCode>> {
  const name = input.trim().replace(/\s+/g, ' ');
  if (name.length === 0 || name.length > COMPANY_NAME_MAX) {
    return err({
      code: CompanyErrors.name,
      message: `The company name must have 1 to ${COMPANY_NAME_MAX} characters; got ${name.length}`,
      params: { min: 1, max: COMPANY_NAME_MAX, length: name.length },
    });
  }
  return ok(name);
}

/** The reason an operator gives the registrant for a rejection: 1 to 500 characters, spaces tidied. */
export function validateRejectionReason(input: string): Result<string, DomainError<CompanyErrorCode>> {
  const reason = input.trim().replace(/[ \t]+/g, ' ');
  if (reason.length === 0 || reason.length > REJECTION_REASON_MAX) {
    return err({
      code: CompanyErrors.rejectionReason,
      message: `The reason for a rejection must have 1 to ${REJECTION_REASON_MAX} characters; got ${reason.length}`,
      params: { min: 1, max: REJECTION_REASON_MAX, length: reason.length },
    });
  }
  return ok(reason);
}
