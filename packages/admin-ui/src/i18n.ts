import { createI18n } from 'vue-i18n';

export const LOCALES = ['en', 'fr', 'nl', 'de'] as const;
export type Locale = (typeof LOCALES)[number];
export const LOCALE_NAMES: Record<Locale, string> = { en: 'English', fr: 'Français', nl: 'Nederlands', de: 'Deutsch' };

const STORAGE_KEY = 'chaman.locale';

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

/** The remembered choice, else the browser's first supported language, else English. */
export function initialLocale(): Locale {
  const stored = globalThis.localStorage?.getItem(STORAGE_KEY);
  if (isLocale(stored)) return stored;
  for (const lang of globalThis.navigator?.languages ?? []) {
    const base = lang.slice(0, 2).toLowerCase();
    if (isLocale(base)) return base;
  }
  return 'en';
}

export function rememberLocale(locale: Locale): void {
  globalThis.localStorage?.setItem(STORAGE_KEY, locale);
  document.documentElement.lang = locale;
}

export type MessageSchema = typeof import('./locales/en.json');

/**
 * Each language is its own chunk, loaded when chosen: the four together are about 40 KB gzipped,
 * a quarter of the first load's budget, and a reader needs one (the key-parity test makes each
 * complete, so none falls back to another).
 */
const LOADERS: Record<Locale, () => Promise<{ default: MessageSchema }>> = {
  en: () => import('./locales/en.json'),
  fr: () => import('./locales/fr.json'),
  nl: () => import('./locales/nl.json'),
  de: () => import('./locales/de.json'),
};

export const i18n = createI18n<[MessageSchema], Locale, false>({
  legacy: false,
  locale: initialLocale(),
  fallbackLocale: false,
  messages: {} as never,
  datetimeFormats: Object.fromEntries(
    LOCALES.map((l) => [l, {
      short: { year: 'numeric', month: 'short', day: 'numeric' },
      long: { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit' },
    }]),
  ) as never,
});

/** Loads a language's messages once; the app switches to a language only after this. */
export async function loadLocale(locale: Locale): Promise<void> {
  if (i18n.global.availableLocales.includes(locale)) return;
  i18n.global.setLocaleMessage(locale, (await LOADERS[locale]()).default);
}
