import type { PublicCode } from '../shared/refusal.js';

export const RestAccountErrors = {
  name: 'rest-account/name',
  nameTaken: 'rest-account/name-taken',
  noPermission: 'rest-account/no-permission',
  unknownPermission: 'rest-account/unknown-permission',
  certificateChoice: 'rest-account/certificate-choice',
  tooManyCertificates: 'rest-account/too-many-certificates',
  lastCertificate: 'rest-account/last-certificate',
  certificateAlreadyOnAccount: 'rest-account/certificate-already-on-account',
  certificateUnusable: 'rest-account/certificate-unusable',
} as const;
export type RestAccountErrorCode = (typeof RestAccountErrors)[keyof typeof RestAccountErrors];

/** The public code each is answered with. */
export const RestAccountErrorKinds = {
  'rest-account/name': 'BAD_USER_INPUT',
  'rest-account/name-taken': 'CONFLICT',
  'rest-account/no-permission': 'BAD_USER_INPUT',
  'rest-account/unknown-permission': 'BAD_USER_INPUT',
  'rest-account/certificate-choice': 'BAD_USER_INPUT',
  'rest-account/too-many-certificates': 'CONFLICT',
  'rest-account/last-certificate': 'CONFLICT',
  'rest-account/certificate-already-on-account': 'CONFLICT',
  'rest-account/certificate-unusable': 'CERTIFICATE_REJECTED',
} as const satisfies Record<RestAccountErrorCode, PublicCode>;
