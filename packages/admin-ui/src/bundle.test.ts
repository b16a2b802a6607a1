import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';

const dist = new URL('../dist', import.meta.url).pathname;
const BUDGET = 150 * 1024;

/** The JavaScript a browser fetches before the first page renders: the entry and its static imports. */
function initialScripts(): string[] {
  const html = readFileSync(join(dist, 'index.html'), 'utf8');
  const seen = new Set<string>();
  const queue = [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+\.js)"/g)].map((m) => m[1]!);
  while (queue.length) {
    const file = queue.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    const code = readFileSync(join(dist, file), 'utf8');
    // Static imports only: `import ... from "./x.js"` (dynamic import() chunks load later).
    for (const m of code.matchAll(/(?:^|[;\n}])\s*import\s*(?:[\w*{}\s,$]+from\s*)?["']\.\/([^"']+\.js)["']/g)) queue.push(`assets/${m[1]}`);
  }
  return [...seen];
}

describe('the built admin UI', () => {
  it('needs at most 150 KB of gzipped JavaScript for its first page', () => {
    expect(existsSync(join(dist, 'index.html')), 'build the admin UI first (pnpm build)').toBe(true);
    const files = initialScripts();
    const total = files.reduce((sum, f) => sum + gzipSync(readFileSync(join(dist, f))).length, 0);
    expect(files.length).toBeGreaterThan(0);
    expect(total, `${files.join(', ')}: ${(total / 1024).toFixed(1)} KB gzipped`).toBeLessThanOrEqual(BUDGET);
    // The certificate inspector (pkijs) is not part of the first load.
    expect(files.some((f) => readFileSync(join(dist, f), 'utf8').includes('RSASSA-PSS'))).toBe(false);
  });
});
