export const CompanyErrors = {
  enterpriseNumberFormat: 'company/enterprise-number-format',
  enterpriseNumberCheck: 'company/enterprise-number-check',
  establishmentUnit: 'company/establishment-unit',
  name: 'company/name',
} as const;

export type CompanyErrorCode = (typeof CompanyErrors)[keyof typeof CompanyErrors];
