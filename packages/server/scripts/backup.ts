// pnpm backup [destination]: a consistent copy of the SQLite database, taken online while servers
// run (SQLite's backup API copies a snapshot page by page; writers are not stopped). For PostgreSQL
// it says to use pg_dump, which does the same there.
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { loadConfig } from '../src/config.js';
import { KEY_ENCRYPTION_KEY_FILE_NAME } from '../src/oauth/key-encryption.js';

const config = loadConfig(process.env, process.env.INIT_CWD ?? process.cwd());
if (config.database.kind === 'postgres') {
  console.log(`PostgreSQL: back up with pg_dump, e.g.\n  pg_dump --format=custom --file=chaman.dump "${config.database.url}"\nand restore with pg_restore --clean --dbname=<url> chaman.dump`);
  console.log('The dump holds the token-signing keys encrypted: keep the key-encryption key (KEY_ENCRYPTION_KEY) with it, stored apart; a restored database needs the same one.');
  process.exit(0);
}
const source = config.database.file;
if (!existsSync(source)) {
  console.error(`backup: no database at ${source} (DATABASE_URL=${process.env.DATABASE_URL ?? 'default'})`);
  process.exit(1);
}
const stamp = new Date().toISOString().replace(/[:.]/g, '-');
const destination = resolve(process.env.INIT_CWD ?? process.cwd(), process.argv[2] ?? `backups/chaman-${stamp}.sqlite`);
if (existsSync(destination)) {
  console.error(`backup: ${destination} exists; choose another name`);
  process.exit(1);
}
mkdirSync(dirname(destination), { recursive: true });
const db = new Database(source, { readonly: true, timeout: 10_000 });
try {
  await db.backup(destination, {
    progress: ({ totalPages, remainingPages }) => {
      process.stderr.write(`\rbackup: ${totalPages - remainingPages}/${totalPages} pages`);
      return 200;
    },
  });
  process.stderr.write('\n');
} finally {
  db.close();
}
const check = new Database(destination, { readonly: true });
const integrity = check.pragma('integrity_check', { simple: true });
check.close();
if (integrity !== 'ok') {
  console.error(`backup: the copy failed its integrity check: ${String(integrity)}`);
  process.exit(1);
}
console.log(`backup: ${destination} (integrity ok). Restore: stop the servers, then pnpm restore ${destination}`);
// The token-signing keys in the copy are encrypted: without that key the copy cannot sign tokens.
console.log(
  `backup: keep the key-encryption key with it, stored apart (KEY_ENCRYPTION_KEY, KEY_ENCRYPTION_KEY_FILE, or ${join(config.dataDir, KEY_ENCRYPTION_KEY_FILE_NAME)} when neither is set): a restored database needs the same one`,
);
