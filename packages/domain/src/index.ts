export * from './shared/result.js';
export * from './company/company.errors.js';
export * from './company/company.js';
