import { Actions, AUDIT_ACTIONS, CertificateViolations, NotACertificateFound, REFUSAL_CODES, Roles, TOKEN_ATTEMPT_REASONS } from '@chaman/domain';
import { describe, expect, it } from 'vitest';
import { auditKey, AUDIT_VARIANTS } from '../composables/useAuditEntry';
import { messageKey, VARIANTS } from '../composables/useGraphqlError';
import { tokenReasonKey, TOKEN_REASON_VARIANTS } from '../composables/useTokenReason';
import de from './de.json';
import en from './en.json';
import fr from './fr.json';
import nl from './nl.json';

function keys(obj: object, prefix = ''): string[] {
  return Object.entries(obj).flatMap(([k, v]) =>
    typeof v === 'object' && v !== null ? keys(v, `${prefix}${k}.`) : [`${prefix}${k}`],
  );
}

function placeholders(obj: object): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  const walk = (o: object, prefix: string) => {
    for (const [k, v] of Object.entries(o)) {
      if (typeof v === 'object' && v !== null) walk(v, `${prefix}${k}.`);
      else out[`${prefix}${k}`] = [...String(v).matchAll(/\{(\w+)\}/g)].map((m) => m[1]!).sort();
    }
  };
  walk(obj, '');
  return out;
}

describe('locales', () => {
  const others = { fr, nl, de };
  it.each(Object.entries(others))('%s has exactly the English keys', (_name, messages) => {
    expect(keys(messages).sort()).toEqual(keys(en).sort());
  });
  it.each(Object.entries(others))('%s uses the same placeholders as English', (_name, messages) => {
    expect(placeholders(messages)).toEqual(placeholders(en));
  });
  it.each(Object.entries({ en, ...others }))('%s has no empty message', (_name, messages) => {
    expect(Object.values(placeholders(messages)).length).toBeGreaterThan(0);
    const empty = keys(messages).filter((k) => k.split('.').reduce<unknown>((o, p) => (o as never)[p], messages) === '');
    expect(empty).toEqual([]);
  });
});

/** The message at a dotted key, or undefined. */
function at(messages: object, key: string): unknown {
  return key.split('.').reduce<unknown>((o, p) => (o && typeof o === 'object' ? (o as Record<string, unknown>)[p] : undefined), messages);
}

/** The keys a code needs: its own, or one per variant when it has variants. */
function needed(key: string, variants: readonly string[] | undefined): string[] {
  return variants ? variants.map((v) => `${key}.${v}`) : [key];
}

describe('every code of the domain has its words, in every language', () => {
  const all = { en, fr, nl, de };
  const missing = (messages: object, keys: string[]) => keys.filter((k) => typeof at(messages, k) !== 'string');

  it.each(Object.entries(all))('%s: a sentence for every refusal reason', (_name, messages) => {
    const keys = REFUSAL_CODES.flatMap((code) => needed(messageKey('refusal', code), VARIANTS[code]?.values));
    expect(missing(messages, keys)).toEqual([]);
  });
  it.each(Object.entries(all))('%s: a sentence for every certificate violation, and for every kind of file that is not a certificate', (_name, messages) => {
    const keys = Object.values(CertificateViolations).flatMap((code) => needed(messageKey('violation', code), VARIANTS[code]?.values));
    expect(missing(messages, keys)).toEqual([]);
    expect(VARIANTS[CertificateViolations.notACertificate]!.values).toEqual(
      Object.values(NotACertificateFound).map((f) => f.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase())),
    );
  });
  it.each(Object.entries(all))('%s: a name and a sentence for every audited action', (_name, messages) => {
    expect(missing(messages, AUDIT_ACTIONS.map((a) => auditKey('auditAction', a)))).toEqual([]);
    expect(missing(messages, AUDIT_ACTIONS.flatMap((a) => needed(auditKey('auditEntry', a), AUDIT_VARIANTS[a]?.values)))).toEqual([]);
  });
  it.each(Object.entries(all))('%s: words for every role and every action a refusal may name', (_name, messages) => {
    expect(missing(messages, Roles.map((r) => `roles.${r}`))).toEqual([]);
    expect(missing(messages, Actions.map((a) => `words.action.${a.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase())}`))).toEqual([]);
  });
  it.each(Object.entries(all))('%s: a sentence for every reason a token attempt may record', (_name, messages) => {
    expect(TOKEN_ATTEMPT_REASONS.length).toBeGreaterThan(20);
    expect(missing(messages, TOKEN_ATTEMPT_REASONS.flatMap((code) => needed(tokenReasonKey(code), TOKEN_REASON_VARIANTS[code]?.values)))).toEqual([]);
  });
});
