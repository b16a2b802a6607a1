// Test reporting shared by every package: when scripts/test.mjs asks for it (VITEST_JSON_REPORT),
// each run also writes a JSON report, from which the total "N passed, N failed" line is summed.
type Reporter = string | [string, Record<string, unknown>];

export function reporters(): Reporter[] {
  const file = process.env.VITEST_JSON_REPORT;
  return file ? ['default', ['json', { outputFile: file }]] : ['default'];
}
