#!/usr/bin/env node
// Runs every package's test suite (domain, server, admin-ui, e2e), even after a failure, then
// prints one line summed over all of them: "N passed, N failed". Exits non-zero on any failure.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const results = join(root, '.test-results');
rmSync(results, { recursive: true, force: true });
mkdirSync(results, { recursive: true });

/** The browser tests need Chromium: install Debian's when we may (root with apt-get), else the e2e helper says how. */
function ensureChromium() {
  const path = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (existsSync(path) || process.getuid?.() !== 0 || !existsSync('/usr/bin/apt-get')) return;
  console.log(`Chromium is missing at ${path}: installing Debian's chromium package`);
  spawnSync('sh', ['-c', 'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium'], {
    stdio: 'inherit',
  });
}

const suites = ['@chaman/domain', '@chaman/server', '@chaman/admin-ui', '@chaman/e2e'];
const only = process.argv.slice(2);
let passed = 0;
let failed = 0;
let skipped = 0;
for (const suite of suites.filter((s) => only.length === 0 || only.some((o) => s.endsWith(o)))) {
  const file = join(results, `${suite.split('/')[1]}.json`);
  if (suite === '@chaman/e2e') ensureChromium();
  console.log(`\n=== ${suite} ===`);
  const r = spawnSync('pnpm', ['--filter', suite, 'test'], {
    stdio: 'inherit',
    cwd: root,
    env: { ...process.env, VITEST_JSON_REPORT: file },
  });
  if (!existsSync(file)) {
    console.log(`${suite}: the test run produced no report (exit ${r.status}); counted as one failure`);
    failed += 1;
    continue;
  }
  const report = JSON.parse(readFileSync(file, 'utf8'));
  passed += report.numPassedTests;
  failed += report.numFailedTests;
  skipped += report.numPendingTests + report.numTodoTests;
  // A file that fails to load has no tests to count; it is a failure all the same.
  const brokenFiles = report.testResults.filter((t) => t.status === 'failed' && t.assertionResults.length === 0);
  failed += brokenFiles.length;
  if (r.status !== 0 && report.numFailedTests === 0 && brokenFiles.length === 0) failed += 1;
}
console.log(`\n${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed === 0 && passed > 0 ? 0 : 1);
