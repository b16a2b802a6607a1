// Makes a new token-signing key for every instance sharing this database. The old key signs
// nothing more and stays in the JWKS until the tokens it signed have expired.
import 'reflect-metadata';
import { loadConfig } from '../src/config.js';
import { Db } from '../src/db/database.js';
import { keyEncryptionKeyFor } from '../src/oauth/key-encryption.js';
import { ServerKeys } from '../src/oauth/server-keys.js';

const config = loadConfig();
const db = await Db.open(config.database);
try {
  // The same key-encryption key as the servers' (KEY_ENCRYPTION_KEY, or the data folder's file).
  const keys = new ServerKeys(db, config.tokenLifetimeSeconds, keyEncryptionKeyFor(config));
  await keys.init();
  console.log(`new signing key: ${await keys.rotate()} (other instances pick it up within a minute)`);
} finally {
  await db.close();
}
