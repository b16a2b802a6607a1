// pnpm restore <backup>: puts a backup in place of the configured SQLite database. Stop every
// server first. The current database, if any, is kept beside it with a .before-restore suffix.
import { copyFileSync, existsSync, renameSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import Database from 'better-sqlite3';
import { loadConfig } from '../src/config.js';

const config = loadConfig(process.env, process.env.INIT_CWD ?? process.cwd());
if (config.database.kind !== 'sqlite') {
  console.error('restore: for PostgreSQL use pg_restore (see pnpm backup)');
  process.exit(1);
}
const backup = process.argv[2] && resolve(process.env.INIT_CWD ?? process.cwd(), process.argv[2]);
if (!backup || !existsSync(backup)) {
  console.error('restore: give the backup file: pnpm restore backups/chaman-....sqlite');
  process.exit(1);
}
const check = new Database(backup, { readonly: true });
const integrity = check.pragma('integrity_check', { simple: true });
check.close();
if (integrity !== 'ok') {
  console.error(`restore: ${backup} fails its integrity check (${String(integrity)}); nothing changed`);
  process.exit(1);
}
const target = config.database.file;
if (existsSync(target)) renameSync(target, `${target}.before-restore`);
for (const suffix of ['-wal', '-shm']) rmSync(`${target}${suffix}`, { force: true });
copyFileSync(backup, target);
console.log(`restore: ${target} now holds ${backup}; start the server`);
