import type { PublicCode } from '../shared/refusal.js';

export const CompanyErrors = {
  enterpriseNumberFormat: 'company/enterprise-number-format',
  enterpriseNumberCheck: 'company/enterprise-number-check',
  establishmentUnit: 'company/establishment-unit',
  name: 'company/name',
  alreadyRegistered: 'company/already-registered',
} as const;

export type CompanyErrorCode = (typeof CompanyErrors)[keyof typeof CompanyErrors];

/** The public code each is answered with. */
export const CompanyErrorKinds = {
  'company/enterprise-number-format': 'BAD_USER_INPUT',
  'company/enterprise-number-check': 'BAD_USER_INPUT',
  'company/establishment-unit': 'BAD_USER_INPUT',
  'company/name': 'BAD_USER_INPUT',
  'company/already-registered': 'CONFLICT',
} as const satisfies Record<CompanyErrorCode, PublicCode>;
