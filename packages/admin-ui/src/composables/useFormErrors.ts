import type { DomainError, Result } from '@chaman/domain';
import type { CombinedError } from '@urql/core';
import { nextTick, reactive, ref, watch, type WatchSource } from 'vue';
import { i18n } from '../i18n';
import { describeRefusal, refusalMessage } from './useGraphqlError';

/** A field's check: the domain's result for it, or 'required' when it is empty. */
export type FieldCheck = () => Result<unknown, DomainError> | 'required' | null;

/** The domain's own message for a rule it refused, in the reader's language. */
export function domainMessage(error: DomainError): string {
  return refusalMessage(error.code, error.params, error.message);
}

/** A check that says "fill in this field" for blank input, else asks the domain's rule. */
export function required(value: () => string, rule?: (value: string) => Result<unknown, DomainError>): FieldCheck {
  return () => (value().trim() === '' ? 'required' : rule ? rule(value()) : null);
}

/**
 * The errors of a form, field by field: all fields are checked at once with the domain's rules
 * before submitting (each wrong field marked, the first one focused), and a server refusal about
 * a field (its params say which) is shown on that field; any other refusal on the form.
 * Once the person has tried to submit, each field is checked again as they correct it.
 */
export function useFormErrors<F extends string>(fields: { [K in F]: { id: string; check: FieldCheck } }, model: WatchSource) {
  const errors = reactive(Object.fromEntries(Object.keys(fields).map((f) => [f, null]))) as Record<F, string | null>;
  const formError = ref<string | null>(null);
  const tried = ref(false);

  function messageOf(check: FieldCheck): string | null {
    const r = check();
    if (r === null) return null;
    if (r === 'required') return i18n.global.t('validation.required');
    return r.ok ? null : domainMessage(r.error);
  }

  function check(): boolean {
    for (const f of Object.keys(fields) as F[]) errors[f] = messageOf(fields[f].check);
    return (Object.keys(fields) as F[]).every((f) => errors[f] === null);
  }

  /** Checks every field; false (and the first wrong field focused) when one is wrong. */
  async function validate(): Promise<boolean> {
    tried.value = true;
    formError.value = null;
    if (check()) return true;
    const first = (Object.keys(fields) as F[]).find((f) => errors[f] !== null);
    await nextTick();
    if (first) document.getElementById(fields[first].id)?.focus();
    return false;
  }

  /** Shows a failed operation's refusal on its field, or on the form. Returns whether there was one. */
  function showRefusal(error: CombinedError | undefined): boolean {
    const refusal = describeRefusal(error);
    formError.value = null;
    if (!refusal) return false;
    if (refusal.field && refusal.field in fields) {
      errors[refusal.field as F] = refusal.message;
      document.getElementById(fields[refusal.field as F].id)?.focus();
    } else {
      formError.value = refusal.message;
    }
    return true;
  }

  // After a first try, the marks follow the person's corrections.
  watch(model, () => {
    if (tried.value) check();
  }, { deep: true });

  return { errors, formError, validate, showRefusal };
}
