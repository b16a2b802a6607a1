// pnpm bench's entry: the benchmark (run.ts), or with --baseline <git ref> the comparison of this
// tree with that commit, side by side in one run (compare.ts).
await import(process.argv.includes('--baseline') ? './compare.js' : './run.js');
