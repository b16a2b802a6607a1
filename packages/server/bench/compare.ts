// pnpm bench -- --baseline <git ref>: before and after, side by side, in one run on one machine.
//   pnpm --filter @chaman/server bench -- --baseline f04bf1c [--accounts 10000] [--companies 1000]
//     [--duration 3] [--rounds 6] [--connections 20] [--baseline-dir DIR]
// It checks the baseline out in a temporary git worktree (under the OS's temp dir, removed at the
// end), installs and builds it (domain and server), seeds one database for each server, and loads
// the integrator read and the token endpoint on the baseline's server and on this tree's server in
// turn, round after round (the host's speed drifts by a quarter from minute to minute, more when
// others run tests: each round's ratio compares two loads right after one another, the order flips
// every round so that neither server always goes first, and many short rounds beat a few long
// ones; use an even number). It reports current / baseline for both (the median of the rounds'
// ratios), their p50s and the SQL statements per request of each, the read as a ratio to the
// fastest possible answer on Node (fastest-server.ts, measured in each round after the two reads),
// and writes the comparison section of RESULTS.md. SQLite always; PostgreSQL too when
// TEST_POSTGRES_URL is set. --baseline-dir DIR: use a checkout of the baseline that is already
// installed and built instead (left in place; bench/seed-database.ts is copied in if missing).
//
// Both servers run from their built dist/main.js, with the same environment, in production mode;
// the statements are counted on a second run of each outside production (x-sql-statements).
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { makeCertificate } from '@chaman/domain/test-support';
import type autocannon from 'autocannon';
import { createTestDatabase, type DatabaseKind, type TestDatabase } from '../test/support/databases.js';
import { freePort } from '../test/support/process.js';
import { arg, graphqlWithStatements, load, median, serverEnv, signIn, startProcess, stop, waitFor, WARM_UP_SECONDS, writeComparison, type Load } from './harness.js';
import { READ, tokenRequestBodies } from './workload.js';

const baselineRef = arg('baseline', '');
if (!baselineRef) throw new Error('--baseline <git ref>: the commit to compare this tree with');
const accounts = Number(arg('accounts', '10000'));
// Every company keeps at least a full page (50) of accounts, as in run.ts.
const companies = Math.max(1, Math.min(Number(arg('companies', '1000')), Math.floor(accounts / 50)));
const duration = Number(arg('duration', '3'));
const rounds = Number(arg('rounds', '6'));
const connections = Number(arg('connections', '20'));
const givenBaselineDir = arg('baseline-dir', '');
const kinds: DatabaseKind[] = process.env.TEST_POSTGRES_URL ? ['sqlite', 'postgres'] : ['sqlite'];

const currentServerDir = fileURLToPath(new URL('..', import.meta.url));
const git = (args: string[]) => execFileSync('git', args, { cwd: currentServerDir, encoding: 'utf8' }).trim();
const baselineCommit = git(['rev-parse', '--verify', `${baselineRef}^{commit}`]);
const headCommit = git(['rev-parse', 'HEAD']);
const dirty = git(['status', '--porcelain', '--untracked-files=no']) !== '';
const currentLabel = `${headCommit.slice(0, 7)}${dirty ? ' with uncommitted changes' : ''}`;
const baselineLabel = `${baselineRef}${baselineRef.startsWith(baselineCommit.slice(0, 7)) ? '' : ` (${baselineCommit.slice(0, 7)})`}`;
const seconds = (since: number) => `${((Date.now() - since) / 1000).toFixed(0)} s`;
const started = Date.now();

/** Runs a command to completion; throws with its output when it fails. */
function run(command: string, args: string[], cwd: string, env: Record<string, string> = {}): void {
  const r = spawnSync(command, args, { cwd, env: { ...process.env, ...env }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 * 2 ** 20 });
  if (r.status !== 0) throw new Error(`${command} ${args.join(' ')} failed in ${cwd}:\n${r.stdout}\n${r.stderr}`);
}

// The baseline's tree: a temporary worktree, installed from pnpm's store (offline, with Node's
// headers at /usr for native modules; from the registry if that fails) and built.
let baselineRoot = givenBaselineDir;
let baselineHow = `the checkout at ${givenBaselineDir} (--baseline-dir), as it was installed and built`;
let removeWorktree = () => {};
if (!baselineRoot) {
  const parent = mkdtempSync(join(tmpdir(), 'chaman-baseline-'));
  baselineRoot = join(parent, 'chaman');
  removeWorktree = () => {
    try {
      git(['worktree', 'remove', '--force', baselineRoot]);
    } catch {
      git(['worktree', 'prune']);
    }
    rmSync(parent, { recursive: true, force: true });
    removeWorktree = () => {};
  };
  process.on('exit', () => removeWorktree());
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => process.exit(130));
  console.log(`Baseline ${baselineLabel}: worktree at ${baselineRoot}`);
  git(['worktree', 'add', '--detach', baselineRoot, baselineCommit]);
  const install = Date.now();
  try {
    run('pnpm', ['install', '--offline', '--frozen-lockfile'], baselineRoot, { npm_config_nodedir: process.env.npm_config_nodedir ?? '/usr' });
    baselineHow = 'in a temporary git worktree, installed offline from pnpm\'s store and built (domain and server)';
  } catch (error) {
    console.log(`  the offline install failed (${String(error).split('\n')[0]}); installing from the registry`);
    run('pnpm', ['install', '--frozen-lockfile'], baselineRoot);
    baselineHow = 'in a temporary git worktree, installed from the registry and built (domain and server)';
  }
  console.log(`  installed in ${seconds(install)}`);
  const build = Date.now();
  run('pnpm', ['--filter', '@chaman/server...', 'build'], baselineRoot);
  console.log(`  built (domain and server) in ${seconds(build)}`);
}
const baselineServerDir = join(baselineRoot, 'packages', 'server');

// Seeding. The current work may change the schema (drop columns, add tables), so one database
// cannot serve both: each server gets its own database, created by its own migrations and filled
// by its own tree's bench/seed.ts, through bench/seed-database.ts (this tree's copy is put into the
// baseline's tree when that tree has none), with the same parameters and the same certificate.
// The rows are the same but for their random ids (UUIDs), which the answers compared below skip.
if (!existsSync(join(baselineServerDir, 'bench', 'seed-database.ts'))) {
  copyFileSync(join(currentServerDir, 'bench', 'seed-database.ts'), join(baselineServerDir, 'bench', 'seed-database.ts'));
}

interface Seeded {
  firstCompanyId: string;
  email: string;
  password: string;
  clientIds: string[];
}

function seedWith(serverDir: string, databaseUrl: string, certificateFile: string): Seeded {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'bench/seed-database.ts', databaseUrl, String(companies), String(accounts), certificateFile], {
    cwd: serverDir,
    encoding: 'utf8',
    maxBuffer: 64 * 2 ** 20,
  });
  if (r.status !== 0) throw new Error(`seeding in ${serverDir} failed:\n${r.stdout}\n${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').at(-1)!) as Seeded;
}

interface Server {
  name: 'baseline' | 'current';
  serverDir: string;
  db: TestDatabase;
  databaseUrl: string;
  seeded: Seeded;
  /** The token endpoint's URL as the server names it (the assertions' audience) and its path. */
  tokenUrl: string;
  tokenPath: string;
  readStatements: number[];
  tokenStatements: number;
  /** The page of 50 as answered, the cursor (an id) left out. */
  page: string;
  url: string;
  headers: Record<string, string>;
  reads: Load[];
  tokens: Load[];
}

// Both servers answer as the same public URL: the token requests' assertions, whose audience is
// the token endpoint's URL, serve for both (each database remembers its own jtis).
const PUBLIC_URL = 'http://chaman-bench.invalid';
const made = makeCertificate({ key: 'rsa:2048', cn: 'bench.example' });
const scratch = mkdtempSync(join(tmpdir(), 'chaman-compare-'));
process.on('exit', () => rmSync(scratch, { recursive: true, force: true }));
const certificateFile = join(scratch, 'certificate.pem');
writeFileSync(certificateFile, made.certPem);

/** Starts `server` outside production, counts the statements of a read and of a token request, keeps its page. */
async function probe(server: Server): Promise<void> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = startProcess(server.serverDir, ['dist/main.js'], serverEnv({ port, publicUrl: PUBLIC_URL, databaseUrl: server.databaseUrl, nodeEnv: 'development' }));
  try {
    await waitFor(`${url}/healthz`);
    const metadata = (await (await fetch(`${url}/.well-known/oauth-authorization-server`)).json()) as { token_endpoint: string };
    server.tokenUrl = metadata.token_endpoint;
    server.tokenPath = new URL(metadata.token_endpoint).pathname;
    const headers = await signIn(url, server.seeded.email, server.seeded.password);
    for (const first of [1, 10, 50]) {
      const r = await graphqlWithStatements(url, headers, READ, { id: server.seeded.firstCompanyId, first });
      server.readStatements.push(r.statements);
      if (first === 50) server.page = JSON.stringify(r.data, (key, value: unknown) => (key === 'endCursor' ? undefined : value));
    }
    const [body] = tokenRequestBodies(made.keyPem, server.seeded.clientIds, server.tokenUrl, 1);
    const r = await fetch(`${url}${server.tokenPath}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body });
    if (r.status !== 200) throw new Error(`${server.name}: token probe failed: ${await r.text()}`);
    server.tokenStatements = Number(r.headers.get('x-sql-statements'));
  } finally {
    await stop(child);
  }
}

/** Seconds of warm-up before each load after the first round: the servers are warm by then. */
const LATER_WARM_UP_SECONDS = 1;
let warmUpSeconds = WARM_UP_SECONDS;
const loadOf = (url: string, requests: autocannon.Request[]) => load(url, requests, { seconds: duration, connections, warmUpSeconds });

interface Comparison {
  kind: DatabaseKind;
  baseline: Server;
  current: Server;
  fastest: Load[];
  /** Pairs of token loads measured again because one ran out of assertions. */
  rerunTokenPairs: number;
}
const comparisons: Comparison[] = [];

const fastestPort = await freePort();
const fastestUrl = `http://127.0.0.1:${fastestPort}`;
const fastest = startProcess(currentServerDir, ['--import', 'tsx', 'bench/fastest-server.ts'], { PORT: String(fastestPort), NODE_ENV: 'production' });
process.on('exit', () => fastest.kill());
await waitFor(`${fastestUrl}/`);
const readBody = (id: string) => JSON.stringify({ query: READ, variables: { id, first: 50 } });

console.log(
  `Comparing ${baselineLabel} (baseline) with ${currentLabel} (current): ${accounts} accounts over ${companies} companies, ${rounds} rounds of ${duration} s per load, ${connections} connections`,
);
try {
  for (const kind of kinds) {
    console.log(`\n[${kind}, ${accounts} accounts]`);
    const servers: Server[] = [];
    for (const [name, serverDir] of [['baseline', baselineServerDir], ['current', currentServerDir]] as const) {
      const db = await createTestDatabase(kind);
      const databaseUrl = kind === 'sqlite' ? `sqlite:${db.location}` : db.location;
      const seeding = Date.now();
      const seeded = seedWith(serverDir, databaseUrl, certificateFile);
      console.log(`  ${name}: seeded with its own seed.ts in ${seconds(seeding)}`);
      const server: Server = { name, serverDir, db, databaseUrl, seeded, tokenUrl: '', tokenPath: '', readStatements: [], tokenStatements: 0, page: '', url: '', headers: {}, reads: [], tokens: [] };
      servers.push(server);
      await probe(server);
      console.log(`  ${name}: statements per read ${server.readStatements.join(' / ')} (pages of 1 / 10 / 50), per token ${server.tokenStatements}`);
    }
    const [baseline, current] = servers as [Server, Server];
    if (baseline.page !== current.page) console.log('  note: the two servers answer the read differently (beyond the cursor)');

    const children = [];
    try {
      for (const server of servers) {
        const port = await freePort();
        server.url = `http://127.0.0.1:${port}`;
        children.push(startProcess(server.serverDir, ['dist/main.js'], serverEnv({ port, publicUrl: PUBLIC_URL, databaseUrl: server.databaseUrl, nodeEnv: 'production' })));
        await waitFor(`${server.url}/healthz`);
        server.headers = await signIn(server.url, server.seeded.email, server.seeded.password);
      }
      const fastestLoads: Load[] = [];
      let rerunTokenPairs = 0;
      // A token request needs a fresh assertion (a reused one is refused as a replay, cheaply: it
      // would flatter that load), signed ahead of time at about 1 ms each, between the loads. A
      // round's pair of token loads gets twice as many as the fastest token load so far would take
      // (4,500 a second at first: the endpoint answered 2,300 to 3,200 in RESULTS.md); if either
      // load runs out anyway (the host's speed doubles at times), the pair is measured again with
      // twice as many as it took.
      let fastestTokenRate = 4500 / 2;
      for (let round = 0; round < rounds; round++) {
        const order = round % 2 === 0 ? [baseline, current] : [current, baseline];
        const [first, second] = order as [Server, Server];
        const readOf = (server: Server) => loadOf(server.url, [{ method: 'POST', path: '/graphql', headers: server.headers, body: readBody(server.seeded.firstCompanyId) }]);
        warmUpSeconds = round === 0 ? WARM_UP_SECONDS : LATER_WARM_UP_SECONDS;
        first.reads.push(await readOf(first));
        second.reads.push(await readOf(second));
        fastestLoads.push(await loadOf(fastestUrl, [{ method: 'POST', path: '/graphql', headers: { 'content-type': 'application/json' }, body: readBody('x') }]));

        let count = Math.max(2000, Math.ceil(2 * fastestTokenRate * (duration + warmUpSeconds)));
        for (let attempt = 0; ; attempt++) {
          const bodiesByAudience = new Map<string, string[]>();
          for (const server of order) {
            if (!bodiesByAudience.has(server.tokenUrl)) bodiesByAudience.set(server.tokenUrl, tokenRequestBodies(made.keyPem, server.seeded.clientIds, server.tokenUrl, count));
          }
          const pair: Load[] = [];
          let mostTaken = 0;
          for (const server of order) {
            const bodies = bodiesByAudience.get(server.tokenUrl)!;
            let next = 0;
            pair.push(
              await loadOf(server.url, [
                { method: 'POST', path: server.tokenPath, headers: { 'content-type': 'application/x-www-form-urlencoded' }, setupRequest: (req) => ({ ...req, body: bodies[next++ % bodies.length] }) },
              ]),
            );
            mostTaken = Math.max(mostTaken, next);
          }
          fastestTokenRate = Math.max(fastestTokenRate, mostTaken / (duration + warmUpSeconds));
          if (mostTaken <= count || attempt === 2) {
            if (mostTaken > count) throw new Error(`the token loads ran out of assertions three times (${mostTaken} taken of ${count})`);
            first.tokens.push(pair[0]!);
            second.tokens.push(pair[1]!);
            break;
          }
          rerunTokenPairs++;
          console.log(`  round ${round + 1}: a token load ran out of assertions (${mostTaken} taken of ${count}); measuring the pair again`);
          count = 2 * mostTaken;
        }
        const r = (loads: Load[]) => loads.at(-1)!.rps.toFixed(0);
        console.log(
          `  round ${round + 1} (${first.name} first): read ${r(baseline.reads)} → ${r(current.reads)} req/s (fastest on Node ${r(fastestLoads)}), token ${r(baseline.tokens)} → ${r(current.tokens)} req/s`,
        );
      }
      comparisons.push({ kind, baseline, current, fastest: fastestLoads, rerunTokenPairs });
    } finally {
      for (const child of children) await stop(child);
      for (const server of servers) await server.db.drop();
    }
  }
} finally {
  await stop(fastest);
  removeWorktree();
}

// The figures: medians over the rounds; each ratio is the median of the rounds' ratios (two loads a
// few seconds apart), which cancels the host's drift better than a ratio of medians.
const f2 = (n: number) => n.toFixed(2);
const rps = (loads: Load[]) => median(loads.map((l) => l.rps)).toFixed(0);
const p50 = (loads: Load[]) => median(loads.map((l) => l.p50));
const errors = (loads: Load[]) => loads.reduce((n, l) => n + l.errors, 0);
const ratios = (a: Load[], b: Load[]) => a.map((l, i) => l.rps / b[i]!.rps);
const lines = [
  `## Before and after: ${baselineLabel} and ${currentLabel}`,
  '',
  `- Date: ${new Date().toISOString()}`,
  `- Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`,
  `- Command: \`pnpm --filter @chaman/server bench -- --baseline ${baselineRef} --accounts ${accounts} --companies ${companies} --duration ${duration} --rounds ${rounds} --connections ${connections}\`${process.env.TEST_POSTGRES_URL ? ' with TEST_POSTGRES_URL set' : ''}; it took ${seconds(started)} after building this tree, the baseline's install and build included`,
  `- Baseline: ${baselineCommit}, ${baselineHow}; current: this tree at ${currentLabel}. Each server has its own database, made by its own migrations and seed (same parameters and certificate), and runs from its built \`dist/main.js\` in production mode; statements are counted on a second run of each outside production.`,
  `- Load: autocannon, ${connections} connections, ${duration} s per load after ${WARM_UP_SECONDS} s of warm-up in the first round and ${LATER_WARM_UP_SECONDS} s in the others. Each of the ${rounds} rounds loads the read on one server and on the other, the fastest possible answer on Node (\`bench/fastest-server.ts\`), then the token endpoint on one server and on the other; the order of the servers flips every round. Figures are medians over the rounds; a ratio is the median of the rounds' ratios (each compares loads a few seconds apart: the host's speed drifts by a quarter from minute to minute).`,
  '',
  '| database | accounts | scenario | baseline req/s | current req/s | current / baseline | rounds\' ratios | baseline p50 ms | current p50 ms | errors | SQL statements per request, baseline → current |',
  '|---|---|---|---|---|---|---|---|---|---|---|',
];
const targets: string[] = [];
for (const c of comparisons) {
  const { baseline: b, current: cur } = c;
  const read = ratios(cur.reads, b.reads);
  const token = ratios(cur.tokens, b.tokens);
  const statements = (s: number[]) => `${s.join(' / ')}`;
  lines.push(
    `| ${c.kind} | ${accounts} | integrator read (50 accounts) | ${rps(b.reads)} | ${rps(cur.reads)} | **${f2(median(read))}** | ${read.map(f2).join(', ')} | ${p50(b.reads)} | ${p50(cur.reads)} | ${errors(b.reads)} / ${errors(cur.reads)} | ${statements(b.readStatements)} → ${statements(cur.readStatements)} (pages of 1 / 10 / 50) |`,
    `| ${c.kind} | ${accounts} | token endpoint | ${rps(b.tokens)} | ${rps(cur.tokens)} | **${f2(median(token))}** | ${token.map(f2).join(', ')} | ${p50(b.tokens)} | ${p50(cur.tokens)} | ${errors(b.tokens)} / ${errors(cur.tokens)} | ${b.tokenStatements} → ${cur.tokenStatements} |`,
    `| ${c.kind} | ${accounts} | the fastest possible answer on Node (the read from memory, node:http + graphql-jit); the reads' ratios to it | ${f2(median(ratios(b.reads, c.fastest)))} | ${f2(median(ratios(cur.reads, c.fastest)))} | | ${rps(c.fastest)} req/s; p50 ${p50(c.fastest)} ms | | | ${errors(c.fastest)} | 0 |`,
  );
  const fixed = (s: number[]) => new Set(s).size === 1;
  const sameStatements = b.readStatements.join() === cur.readStatements.join() && b.tokenStatements === cur.tokenStatements;
  targets.push(
    `- ${c.kind}: integrator read ${f2(median(read))} of the baseline's (target at least 0.9) ${median(read) >= 0.9 ? 'met' : 'NOT met'}; token endpoint ${f2(median(token))} (target at least 0.9) ${median(token) >= 0.9 ? 'met' : 'NOT met'}; statements per read ${fixed(cur.readStatements) ? 'fixed' : 'NOT fixed'} whatever the page size, and ${sameStatements ? 'the same as the baseline\'s' : `read ${statements(b.readStatements)} → ${statements(cur.readStatements)}, token ${b.tokenStatements} → ${cur.tokenStatements}`}; the read ${f2(median(ratios(cur.reads, c.fastest)))} of the fastest possible answer on Node (baseline ${f2(median(ratios(b.reads, c.fastest)))}); the two servers' pages ${b.page === cur.page ? 'identical' : 'DIFFER'} (the cursor, an id, left out)${c.rerunTokenPairs ? `; ${c.rerunTokenPairs} pair(s) of token loads measured again, one having run out of assertions` : ''}.`,
  );
}
lines.push('', ...targets);
writeComparison(lines.join('\n'));
console.log(`\n${lines.slice(8).join('\n')}`);
console.log(`\nRESULTS.md's comparison section written; ${seconds(started)} in all.`);
