import { computed, watchEffect } from 'vue';
import { useI18n } from 'vue-i18n';
import { deDE, enUS, frFR, nlNL } from 'naive-ui';
import { LOCALES, LOCALE_NAMES, isLocale, loadLocale, rememberLocale, type Locale } from '../i18n';

/**
 * naive-ui's words in the reader's language, without its default input placeholder ("Please
 * Input", "Veuillez saisir"...): every field here has a label, and a placeholder repeating it is noise.
 */
const withoutPlaceholder = <T extends typeof enUS>(locale: T): T => ({ ...locale, Input: { ...locale.Input, placeholder: '' } });
const NAIVE = {
  en: withoutPlaceholder(enUS),
  fr: withoutPlaceholder(frFR),
  nl: withoutPlaceholder(nlNL),
  de: withoutPlaceholder(deDE),
} as const;

/** The chosen language, its options, and the component library's matching locale. */
export function useLocale() {
  const { locale } = useI18n();
  watchEffect(() => {
    if (isLocale(locale.value)) rememberLocale(locale.value);
  });
  return {
    locale: computed<Locale>({
      get: () => (isLocale(locale.value) ? locale.value : 'en'),
      // The language's messages first, then the switch: never a page of keys.
      set: (value) => void loadLocale(value).then(() => (locale.value = value)),
    }),
    options: LOCALES.map((value) => ({ value, label: LOCALE_NAMES[value] })),
    naive: computed(() => NAIVE[isLocale(locale.value) ? locale.value : 'en']),
  };
}
