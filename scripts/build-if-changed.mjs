#!/usr/bin/env node
// `npm start` builds through this: it runs `pnpm -r build` unless the inputs of the build are byte
// for byte those of the last successful build and every package's dist/ is still there.
// Inputs: every file under packages/ that git does not ignore (sources, package.json, tsconfig,
// vite config, index.html, public/, the schema...), tracked or not yet added, and the root's
// package.json, pnpm-lock.yaml, pnpm-workspace.yaml and tsconfig.base.json. Contents are hashed
// rather than mtimes compared, so a checkout or a clone that changes nothing rebuilds nothing.
// The stamp lives in node_modules/.cache: a fresh install builds again.
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const stamp = join(root, 'node_modules/.cache/chaman/build-inputs.sha256');
const rootInputs = ['package.json', 'pnpm-lock.yaml', 'pnpm-workspace.yaml', 'tsconfig.base.json'];

/** One hash of the inputs' paths and contents, or null when git cannot list them. */
function inputsHash() {
  const listed = spawnSync(
    'git',
    ['ls-files', '-z', '--cached', '--others', '--exclude-standard', '--', 'packages', ...rootInputs],
    { cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
  );
  if (listed.status !== 0) return null;
  const files = [...new Set(listed.stdout.split('\0').filter(Boolean))].sort();
  const hash = createHash('sha256');
  for (const file of files) {
    hash.update(file).update('\0');
    // A tracked file deleted from the work tree is still listed: it counts as missing.
    const path = join(root, file);
    hash.update(existsSync(path) ? createHash('sha256').update(readFileSync(path)).digest('hex') : 'missing');
    hash.update('\n');
  }
  return hash.digest('hex');
}

/** Packages with a build script whose dist/ is missing (deleted by hand, or never built). */
function missingOutputs() {
  const dir = join(root, 'packages');
  return readdirSync(dir).filter((name) => {
    const manifest = join(dir, name, 'package.json');
    if (!existsSync(manifest) || !JSON.parse(readFileSync(manifest, 'utf8')).scripts?.build) return false;
    const dist = join(dir, name, 'dist');
    return !existsSync(dist) || readdirSync(dist).length === 0;
  });
}

const hash = inputsHash();
const previous = existsSync(stamp) ? readFileSync(stamp, 'utf8').trim() : null;
if (hash !== null && hash === previous && missingOutputs().length === 0) {
  console.log('build: nothing changed since the last build, skipped');
  process.exit(0);
}

// A build that fails half-way leaves some dist/ folders new and others old: no stamp until it
// succeeds, or reverting the change would match the old stamp and skip a needed build.
rmSync(stamp, { force: true });
const r = spawnSync('pnpm', ['-r', 'build'], { cwd: root, stdio: 'inherit' });
if (r.status !== 0) process.exit(r.status ?? 1);
// The hash taken before the build: a file edited during it makes the next run build again.
if (hash !== null) {
  mkdirSync(dirname(stamp), { recursive: true });
  writeFileSync(stamp, `${hash}\n`);
}
