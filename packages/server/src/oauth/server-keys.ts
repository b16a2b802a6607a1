import { createPrivateKey, generateKeyPairSync, randomBytes, type JsonWebKey, type KeyObject } from 'node:crypto';
import type { Db, Tx } from '../db/database.js';
import { decryptPrivateKey, encryptPrivateKey, isEncrypted, type KeyEncryptionKey } from './key-encryption.js';
import { oauthRepository } from './oauth.repository.js';

export interface SigningKey {
  kid: string;
  alg: 'ES256';
  privateKey: KeyObject;
}

/**
 * The server's token-signing keys, kept in the database so every instance signs with the same key
 * and resource servers verify with one JWKS. ES256: compact signatures and fast signing. Their
 * private halves are stored encrypted with the key-encryption key, which the database never holds.
 */
export class ServerKeys {
  private current: SigningKey | undefined;
  private published: JsonWebKey[] = [];
  private loadedAt = 0;

  constructor(
    private readonly db: Db,
    /** Tokens live this long: a retired key stays published for as long. */
    private readonly tokenLifetimeSeconds: number,
    private readonly kek: KeyEncryptionKey,
  ) {}

  /**
   * Encrypts the keys an older version stored in clear (once: an encrypted one is left alone, so
   * every start, and two starting together, may run it), makes sure a signing key exists (the first
   * start generates one), and loads the keys.
   */
  async init(): Promise<void> {
    await this.db.transact(async (tx) => {
      for (const row of await oauthRepository.serverKeyPrivates(tx)) {
        if (isEncrypted(row.private_jwk)) continue;
        await oauthRepository.encryptServerKey(tx, row.kid, row.private_jwk, encryptPrivateKey(this.kek, row.kid, row.private_jwk));
      }
      if ((await oauthRepository.activeServerKeyCount(tx)) === 0) await insertKey(tx, this.kek);
    });
    await this.reload();
  }

  /** Retires the signing key and makes a new one (the old one stays published until its tokens expire). */
  async rotate(): Promise<string> {
    const kid = await this.db.transact(async (tx) => {
      await oauthRepository.retireServerKeys(tx, Date.now());
      return insertKey(tx, this.kek);
    });
    await this.reload();
    return kid;
  }

  /** The key to sign with now. Reloaded every minute, so a rotation by another instance is picked up. */
  async signingKey(): Promise<SigningKey> {
    if (!this.current || Date.now() - this.loadedAt > 60_000) await this.reload();
    return this.current!;
  }

  /** The public keys to publish: the current ones and those retired less than a token lifetime ago. */
  async jwks(): Promise<{ keys: JsonWebKey[] }> {
    if (Date.now() - this.loadedAt > 60_000) await this.reload();
    return { keys: this.published };
  }

  private async reload(): Promise<void> {
    const rows = await oauthRepository.serverKeys(this.db);
    const now = Date.now();
    const live = rows.filter((r) => r.retired_at === null).sort((a, b) => Number(b.created_at) - Number(a.created_at));
    const newest = live[0];
    if (!newest) throw new Error('no active server key');
    // Only the key that signs is decrypted; the others are published by their public halves.
    const privateJwk = isEncrypted(newest.private_jwk) ? decryptPrivateKey(this.kek, newest.kid, newest.private_jwk) : newest.private_jwk;
    this.current = { kid: newest.kid, alg: 'ES256', privateKey: createPrivateKey({ key: JSON.parse(privateJwk), format: 'jwk' }) };
    this.published = rows
      .filter((r) => r.retired_at === null || Number(r.retired_at) + this.tokenLifetimeSeconds * 1000 + 60_000 > now)
      .map((r) => JSON.parse(r.public_jwk) as JsonWebKey);
    this.loadedAt = now;
  }
}

async function insertKey(tx: Tx, kek: KeyEncryptionKey): Promise<string> {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const kid = randomBytes(12).toString('base64url');
  const publicJwk = { ...publicKey.export({ format: 'jwk' }), kid, alg: 'ES256', use: 'sig' };
  await oauthRepository.insertServerKey(tx, {
    kid,
    alg: 'ES256',
    privateJwk: encryptPrivateKey(kek, kid, JSON.stringify(privateKey.export({ format: 'jwk' }))),
    publicJwk: JSON.stringify(publicJwk),
    createdAt: Date.now(),
  });
  return kid;
}
