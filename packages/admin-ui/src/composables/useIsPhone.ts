import { onBeforeUnmount, ref, type Ref } from 'vue';
import { tokens } from '../theme';

/** Whether the screen is a phone's (narrower than the theme's `phoneMaxWidth`), kept up to date. */
export function useIsPhone(): Ref<boolean> {
  const query = globalThis.matchMedia?.(`(max-width: ${tokens.phoneMaxWidth}px)`);
  const phone = ref(query?.matches ?? false);
  const update = (e: MediaQueryListEvent) => (phone.value = e.matches);
  query?.addEventListener('change', update);
  onBeforeUnmount(() => query?.removeEventListener('change', update));
  return phone;
}
