import { useDialog } from 'naive-ui';
import { h } from 'vue';
import { useI18n } from 'vue-i18n';

export interface ConfirmOptions {
  /** The question, naming what is done to what: "Revoke Amy Manager's role Access manager?" */
  title: string;
  /** What the action affects and whether it can be undone: "2 accounts use this certificate." */
  content: string;
  /** The confirming button says the action ("Revoke"), never just "OK". */
  confirmLabel: string;
}

/**
 * Asks before a destructive action, in a modal dialog (focus trapped, Escape cancels).
 * Resolves true only when the person confirms. Needs `NDialogProvider` above (App.vue has it).
 */
export function useConfirm() {
  const dialog = useDialog();
  const { t } = useI18n();
  return (options: ConfirmOptions): Promise<boolean> =>
    new Promise((resolve) => {
      let settled = false;
      const settle = (value: boolean) => {
        if (settled) return;
        settled = true;
        resolve(value);
      };
      dialog.warning({
        title: options.title,
        content: () => h('p', { style: 'margin:0' }, options.content),
        positiveText: options.confirmLabel,
        negativeText: t('ui.cancel'),
        positiveButtonProps: { type: 'error' },
        autoFocus: true,
        onPositiveClick: () => settle(true),
        onNegativeClick: () => settle(false),
        onClose: () => settle(false),
        onMaskClick: () => settle(false),
        onAfterLeave: () => settle(false),
      });
    });
}
