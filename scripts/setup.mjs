#!/usr/bin/env node
// Installs what the repository needs on a machine that has only Node.js: the pinned pnpm and the
// workspace's dependencies. Safe to run again: both steps are no-ops when already done.
import { execSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';

const wanted = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'))
  .packageManager.split('@')[1];

function pnpmVersion() {
  try {
    return execSync('pnpm --version', { stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim();
  } catch {
    return null;
  }
}

const found = pnpmVersion();
if (found !== wanted) {
  console.log(`setup: installing pnpm ${wanted} (found ${found ?? 'none'})`);
  const r = spawnSync('npm', ['install', '--global', `pnpm@${wanted}`], { stdio: 'inherit' });
  if (r.status !== 0 || pnpmVersion() !== wanted) {
    console.error(`setup: could not install pnpm ${wanted}; run "npm install --global pnpm@${wanted}" yourself`);
    process.exit(1);
  }
}

// better-sqlite3 builds from source when no prebuilt binary can be downloaded; node-gyp then needs
// Node's headers. Distribution packages of Node install them under /usr, and pnpm does not read
// `nodedir` from ~/.npmrc, so point it there explicitly.
const env = { ...process.env };
if (!env.npm_config_nodedir && existsSync('/usr/include/node/node.h')) env.npm_config_nodedir = '/usr';

const frozen = process.env.CI ? ['--frozen-lockfile'] : [];
const r = spawnSync('pnpm', ['install', ...frozen], { stdio: 'inherit', env });
process.exit(r.status ?? 1);
