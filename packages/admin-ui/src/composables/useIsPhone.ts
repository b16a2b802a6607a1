import { onBeforeUnmount, ref, type Ref } from 'vue';
import { tokens } from '../theme';

/** Whether the screen is narrower than `px` (at most `px` wide), kept up to date. */
export function useNarrowerThan(px: number): Ref<boolean> {
  const query = globalThis.matchMedia?.(`(max-width: ${px}px)`);
  const narrow = ref(query?.matches ?? false);
  const update = (e: MediaQueryListEvent) => (narrow.value = e.matches);
  query?.addEventListener('change', update);
  onBeforeUnmount(() => query?.removeEventListener('change', update));
  return narrow;
}

/** Whether the screen is a phone's (at most the theme's `phoneMaxWidth` wide). */
export function useIsPhone(): Ref<boolean> {
  return useNarrowerThan(tokens.phoneMaxWidth);
}
