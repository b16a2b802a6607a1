import { err, ok, type DomainError, type Result } from '../shared/result.js';
import { AccessErrors, type AccessErrorCode } from './access.errors.js';

/** The languages Chaman speaks: the admin UI's and the mails'. */
export const Languages = ['en', 'fr', 'nl', 'de'] as const;
export type Language = (typeof Languages)[number];

/** A person's language when they chose none. */
export const DEFAULT_LANGUAGE: Language = 'en';

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (Languages as readonly string[]).includes(value);
}

/** One of the languages, given exactly as its code (`fr`, not `FR` or `fr-BE`). */
export function checkLanguage(input: string): Result<Language, DomainError<AccessErrorCode>> {
  if (isLanguage(input)) return ok(input);
  const allowed = Languages.join(', ');
  return err({
    code: AccessErrors.language,
    message: `The language ${JSON.stringify(input.slice(0, 20))} is not one Chaman speaks; use one of: ${allowed}`,
    params: { language: input.slice(0, 20), allowed },
  });
}
