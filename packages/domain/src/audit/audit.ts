/** Every action the audit log records: the server may write only these, the UI filters by them. */
export const AUDIT_ACTIONS = [
  'company.registered',
  'company.approved',
  'company.rejected',
  'role.appointed',
  'role.activated',
  'role.revoked',
  'mandate.created',
  'mandate.accepted',
  'mandate.ended',
  'certificate.uploaded',
  'certificate.renamed',
  'certificate.deleted',
  'rest-account.created',
  'rest-account.renamed',
  'rest-account.permissions-changed',
  'rest-account.certificate-added',
  'rest-account.certificate-removed',
  'rest-account.disabled',
  'rest-account.enabled',
  'rest-account.deleted',
  'rest-account.review-flagged',
  'rest-account.review-cleared',
] as const;

export type AuditAction = (typeof AUDIT_ACTIONS)[number];
