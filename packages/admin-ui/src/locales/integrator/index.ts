import { useI18n } from 'vue-i18n';
import de from './de.json';
import en from './en.json';
import fr from './fr.json';
import nl from './nl.json';

/**
 * The integrator's kit's words (CertificateMaker, TokenExamples), in en, fr, nl and de. They are
 * the components' own messages rather than keys of the four app-wide locale files: those files go
 * into the first page's JavaScript, whose budget (bundle.test.ts) these words would break, while
 * the components load with the pages that mount them.
 */
export const integratorMessages = { en, fr, nl, de };

/**
 * useI18n with the kit's words, in the app's language (inheritLocale); any other key (ui.copy,
 * the date formats) falls back to the app's messages.
 */
export function useIntegratorI18n() {
  // The fallback to the app's messages is meant: no warning for it.
  return useI18n({
    useScope: 'local',
    inheritLocale: true,
    messages: integratorMessages,
    missingWarn: false,
    fallbackWarn: false,
  });
}
