import { COMMON_PASSWORDS_FRONT_CODED } from './common-passwords.js';

let common: Set<string> | undefined;

/** Decodes the front-coded list (see scripts/common-passwords.mjs) into a set, once. */
function commonPasswords(): Set<string> {
  if (common) return common;
  common = new Set();
  let previous = '';
  for (const line of COMMON_PASSWORDS_FRONT_CODED.split('\n')) {
    previous = previous.slice(0, parseInt(line[0]!, 36)) + line.slice(1);
    common.add(previous);
  }
  return common;
}

/** Whether `password` is among the 10,000 most common passwords of 12 characters or more, ignoring case. */
export function isCommonPassword(password: string): boolean {
  return commonPasswords().has(password.toLowerCase());
}
