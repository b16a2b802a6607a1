export const RestAccountErrors = {
  name: 'rest-account/name',
  noPermission: 'rest-account/no-permission',
  unknownPermission: 'rest-account/unknown-permission',
  certificateChoice: 'rest-account/certificate-choice',
  tooManyCertificates: 'rest-account/too-many-certificates',
  lastCertificate: 'rest-account/last-certificate',
} as const;
export type RestAccountErrorCode = (typeof RestAccountErrors)[keyof typeof RestAccountErrors];
