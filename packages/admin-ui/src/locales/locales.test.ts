import { describe, expect, it } from 'vitest';
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
