import { describe, expect, it } from 'vitest';
import { integratorMessages } from './index';

/** Every message of a tree, by its dotted path, with the placeholders it uses. */
function messagesOf(tree: object, path = ''): Map<string, { text: string; placeholders: string[] }> {
  const found = new Map<string, { text: string; placeholders: string[] }>();
  for (const [key, value] of Object.entries(tree)) {
    if (value !== null && typeof value === 'object') {
      for (const [k, v] of messagesOf(value, `${path}${key}.`)) found.set(k, v);
    } else {
      const text = String(value);
      found.set(`${path}${key}`, {
        text,
        placeholders: [...new Set([...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!))].sort(),
      });
    }
  }
  return found;
}

describe("the integrator's kit's words", () => {
  const english = messagesOf(integratorMessages.en);

  it.each(['fr', 'nl', 'de'] as const)(
    '%s has every English message, with the same placeholders, and no other',
    (language) => {
      const translated = messagesOf(integratorMessages[language]);
      expect([...translated.keys()].sort()).toEqual([...english.keys()].sort());
      for (const [key, { placeholders }] of english)
        expect(translated.get(key)?.placeholders, key).toEqual(placeholders);
    },
  );

  it.each(Object.keys(integratorMessages) as (keyof typeof integratorMessages)[])(
    '%s has no empty message and keeps to its own namespace',
    (language) => {
      const messages = messagesOf(integratorMessages[language]);
      expect([...messages.values()].filter((m) => m.text.trim() === '')).toEqual([]);
      expect(Object.keys(integratorMessages[language])).toEqual(['integrator']);
    },
  );
});
