/** The outcome of a domain operation whose failure is expected (bad input, a broken rule). */
export type Result<T, E> = { ok: true; value: T } | { ok: false; error: E };

export const ok = <T>(value: T): Result<T, never> => ({ ok: true, value });
export const err = <E>(error: E): Result<never, E> => ({ ok: false, error });

/** A refusal the user can act on: a stable code for programs and a sentence for people. */
export interface DomainError<C extends string = string> {
  code: C;
  message: string;
}
