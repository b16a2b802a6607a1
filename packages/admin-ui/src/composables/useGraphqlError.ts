import type { CombinedError } from '@urql/core';

export interface Violation {
  code: string;
  message: string;
}

/** The message to show for a failed operation, and the certificate violations when there are. */
export function describeError(error: CombinedError | undefined): { message: string; violations: Violation[] } | null {
  if (!error) return null;
  const first = error.graphQLErrors[0];
  if (!first) return { message: error.networkError ? 'network' : error.message, violations: [] };
  const violations = (first.extensions?.violations as Violation[] | undefined) ?? [];
  return { message: first.message, violations };
}
