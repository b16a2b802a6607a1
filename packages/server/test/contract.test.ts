import { readFileSync } from 'node:fs';
import { publicCodeOf, RequestErrors, REFUSAL_CODES } from '@chaman/domain';
import { describe, expect, it } from 'vitest';

const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');

/** The README's table of refusals: reason -> public code. */
function documentedReasons(): Map<string, string> {
  const rows = [...readme.matchAll(/^\| `([a-z-]+\/[a-z-]+)` \| ([A-Z_]+) \|/gm)];
  return new Map(rows.map((m) => [m[1]!, m[2]!]));
}

describe("the README's list of refusals", () => {
  it('names every reason the server may give, with the public code it comes with, and no other', () => {
    const documented = documentedReasons();
    const expected = REFUSAL_CODES.filter((code) => code !== 'not-found');
    expect([...documented.keys()].sort()).toEqual([...expected].sort());
    const edge = new Set<string>(Object.values(RequestErrors));
    for (const [reason, code] of documented) {
      if (!edge.has(reason)) expect(code, reason).toBe(publicCodeOf(reason));
    }
  });
});
