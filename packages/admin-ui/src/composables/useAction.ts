import type { CombinedError } from '@urql/core';
import { ref } from 'vue';
import { describeError, type Violation } from './useGraphqlError';

/**
 * Runs one mutation of a page: keeps the error to show (with a title saying what was not done),
 * and refreshes the page's data when it worked. Returns whether it worked.
 */
export function useAction(refresh: () => void) {
  const error = ref<{ title: string; message: string; violations: Violation[] } | null>(null);
  async function act(title: string, work: () => Promise<{ error?: CombinedError }>): Promise<boolean> {
    const r = await work();
    const e = describeError(r.error);
    error.value = e ? { title, ...e } : null;
    if (!e) refresh();
    return !e;
  }
  return { error, act };
}
