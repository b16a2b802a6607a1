/** The outcome of a domain operation whose failure is expected (bad input, a broken rule). */
export type Result<T, E> = { ok: true; value: T } | { ok: false; error: E };

export const ok = <T>(value: T): Result<T, never> => ({ ok: true, value });
export const err = <E>(error: E): Result<never, E> => ({ ok: false, error });

/**
 * The values a refusal's message is made from, flat, so that a client can word the refusal in its
 * own language (the UI's locale files have a sentence per code with these as placeholders).
 */
export type RefusalParams = Record<string, string | number | boolean | null>;

/** A refusal the user can act on: a stable code for programs and a sentence for people. */
export interface DomainError<C extends string = string> {
  code: C;
  message: string;
  params?: RefusalParams;
}
