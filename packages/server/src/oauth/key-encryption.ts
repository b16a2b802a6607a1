import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { linkSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The key that encrypts the token-signing keys at rest (AES-256-GCM): whoever reads the database, a
 * dump or a backup without it cannot mint tokens. Kept outside the database: KEY_ENCRYPTION_KEY or
 * KEY_ENCRYPTION_KEY_FILE, or outside production a file in the server's data folder.
 */
export interface KeyEncryptionKey {
  key: Buffer;
  /** A short digest of the key that names it in what it encrypted, so that a wrong key is named as such. */
  id: string;
}

/** The file made in the data folder when no key is configured (outside production). */
export const KEY_ENCRYPTION_KEY_FILE_NAME = 'key-encryption-key';

/** 32 bytes in base64, as `openssl rand -base64 32` prints them; null when the text is not that. */
export function parseKeyEncryptionKey(text: string): Buffer | null {
  const trimmed = text.trim();
  if (!/^[A-Za-z0-9+/]{43}=$/.test(trimmed)) return null;
  const key = Buffer.from(trimmed, 'base64');
  return key.length === 32 ? key : null;
}

export function keyEncryptionKeyOf(key: Buffer): KeyEncryptionKey {
  return { key, id: createHash('sha256').update('chaman key-encryption key id').update(key).digest('base64url').slice(0, 12) };
}

/**
 * The key in `dataDir`, made there if there is none. Two instances started together must end with the
 * same key: it is written whole under a name of its own (an exclusive create, `wx`), then linked to
 * its place, which fails if another instance put its key there first; that one is then read.
 */
export function keyEncryptionKeyInDataDir(dataDir: string): KeyEncryptionKey {
  mkdirSync(dataDir, { recursive: true });
  const file = join(dataDir, KEY_ENCRYPTION_KEY_FILE_NAME);
  const temporary = `${file}.${process.pid}.${randomBytes(6).toString('hex')}`;
  writeFileSync(temporary, `${randomBytes(32).toString('base64')}\n`, { flag: 'wx', mode: 0o600 });
  try {
    linkSync(temporary, file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    rmSync(temporary, { force: true });
  }
  const key = parseKeyEncryptionKey(readFileSync(file, 'utf8'));
  if (!key) throw new Error(`${file} does not hold a key-encryption key (32 bytes in base64, as openssl rand -base64 32 prints them)`);
  return keyEncryptionKeyOf(key);
}

/** The configured key, or outside production the one kept in the data folder. */
export function keyEncryptionKeyFor(config: { keyEncryptionKey: Buffer | null; dataDir: string }): KeyEncryptionKey {
  return config.keyEncryptionKey ? keyEncryptionKeyOf(config.keyEncryptionKey) : keyEncryptionKeyInDataDir(config.dataDir);
}

const PREFIX = 'kek1';

/** Whether a stored private key is encrypted (else it is the clear JWK an older version stored). */
export const isEncrypted = (stored: string) => stored.startsWith(`${PREFIX}.`);

/**
 * `kek1.<key id>.<iv>.<ciphertext>.<tag>` (base64url). The signing key's kid is the additional data:
 * a ciphertext moved to another row does not decrypt.
 */
export function encryptPrivateKey(kek: KeyEncryptionKey, kid: string, clear: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', kek.key, iv);
  cipher.setAAD(Buffer.from(kid));
  const ciphertext = Buffer.concat([cipher.update(clear, 'utf8'), cipher.final()]);
  return [PREFIX, kek.id, iv.toString('base64url'), ciphertext.toString('base64url'), cipher.getAuthTag().toString('base64url')].join('.');
}

/** The clear private key; throws a message an operator can act on when the key-encryption key is not the one it was encrypted with. */
export function decryptPrivateKey(kek: KeyEncryptionKey, kid: string, stored: string): string {
  const [prefix, id, iv, ciphertext, tag] = stored.split('.');
  if (prefix !== PREFIX || !id || !iv || !ciphertext || !tag) throw new Error(`the token-signing key ${kid} is stored in a form this version cannot read`);
  if (id !== kek.id) {
    throw new Error(
      `the token-signing key ${kid} was encrypted with another key-encryption key (id ${id}) than this server's (id ${kek.id}): start the server with the KEY_ENCRYPTION_KEY it was encrypted with`,
    );
  }
  try {
    const decipher = createDecipheriv('aes-256-gcm', kek.key, Buffer.from(iv, 'base64url'));
    decipher.setAAD(Buffer.from(kid));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString('utf8');
  } catch {
    throw new Error(`the token-signing key ${kid} does not decrypt with this server's key-encryption key: it was changed in the database`);
  }
}
