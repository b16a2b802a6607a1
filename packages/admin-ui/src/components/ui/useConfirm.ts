import { shallowRef } from 'vue';

export interface ConfirmOptions {
  /** The question, naming what is done to what: "Revoke the role Access Manager of Sam Manager?" */
  title: string;
  /** What the action affects and whether it can be undone: "2 accounts use this certificate." */
  content: string;
  /** The confirming button says the action ("Revoke"), never just "OK". */
  confirmLabel: string;
}

/** The question on screen, if any; ConfirmHost.vue (mounted once in App.vue) shows it. */
export const pendingConfirmation = shallowRef<(ConfirmOptions & { answer: (yes: boolean) => void }) | null>(null);

/**
 * Asks before a destructive action, in a modal dialog (focus kept inside, Escape cancels).
 * Resolves true only when the person confirms; false on Cancel, Escape or a click outside.
 */
export function useConfirm() {
  return (options: ConfirmOptions): Promise<boolean> =>
    new Promise((resolve) => {
      // A question still open is answered "no" by the new one.
      pendingConfirmation.value?.answer(false);
      pendingConfirmation.value = {
        ...options,
        answer: (yes) => {
          pendingConfirmation.value = null;
          resolve(yes);
        },
      };
    });
}
