import type { PublicCode } from '../shared/refusal.js';

export const CompanyErrors = {
  enterpriseNumberFormat: 'company/enterprise-number-format',
  enterpriseNumberCheck: 'company/enterprise-number-check',
  establishmentUnit: 'company/establishment-unit',
  name: 'company/name',
  alreadyRegistered: 'company/already-registered',
  /** A registration waits for a platform operator: nothing but seeing it may be done with it. */
  awaitingApproval: 'company/awaiting-approval',
  /** A platform operator refused the registration: the company stays visible to its registrant, nothing more. */
  registrationRejected: 'company/registration-rejected',
  /** Only a PENDING registration can be approved or rejected. */
  notPending: 'company/not-pending',
  rejectionReason: 'company/rejection-reason',
} as const;

export type CompanyErrorCode = (typeof CompanyErrors)[keyof typeof CompanyErrors];

/** The public code each is answered with. */
export const CompanyErrorKinds = {
  'company/enterprise-number-format': 'BAD_USER_INPUT',
  'company/enterprise-number-check': 'BAD_USER_INPUT',
  'company/establishment-unit': 'BAD_USER_INPUT',
  'company/name': 'BAD_USER_INPUT',
  'company/already-registered': 'CONFLICT',
  // Acting on a PENDING company; registering its number again answers CONFLICT with this same
  // reason (the refusal's `publicCode`): the reason says why, the code says what kind of no.
  'company/awaiting-approval': 'FORBIDDEN',
  'company/registration-rejected': 'FORBIDDEN',
  'company/not-pending': 'CONFLICT',
  'company/rejection-reason': 'BAD_USER_INPUT',
} as const satisfies Record<CompanyErrorCode, PublicCode>;
