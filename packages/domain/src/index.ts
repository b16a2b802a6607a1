export * from './shared/result.js';
export * from './company/company.errors.js';
export * from './company/company.js';
export * from './access/access.errors.js';
export * from './access/access.js';
export * from './certificate/certificate.errors.js';
export * from './certificate/certificate.js';
