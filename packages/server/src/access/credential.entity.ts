import type { CredentialKind } from '@chaman/domain';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import { timeColumn } from '../db/columns.js';

/**
 * A bearer secret a person authenticates with: a sign-in session or a personal access token.
 * Only the SHA-256 of the secret is stored, so a copy of the database gives nobody a way in, and
 * every server instance can check any secret.
 */
@Entity('credential')
export class CredentialEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ name: 'person_id', type: 'varchar', length: 36 })
  personId: string;

  @Column({ type: 'varchar', length: 32 })
  kind: CredentialKind;

  /** For personal access tokens, the name their owner gave them. */
  @Column({ type: 'varchar', length: 100, nullable: true })
  name: string | null;

  @Column({ name: 'secret_hash', type: 'varchar', length: 64, unique: true })
  secretHash: string;

  @Column({ name: 'created_at', ...timeColumn })
  createdAt: Date;

  @Column({ name: 'last_used_at', ...timeColumn })
  lastUsedAt: Date;

  /** Absolute expiry. */
  @Column({ name: 'expires_at', ...timeColumn })
  expiresAt: Date;

  @Column({ name: 'revoked_at', ...timeColumn, nullable: true })
  revokedAt: Date | null;

  /** The browser (or client) that signed in, as its User-Agent header said, cut to 300 characters. */
  @Column({ name: 'user_agent', type: 'varchar', length: 300, nullable: true })
  userAgent: string | null;

  /** The network address it was created from. */
  @Column({ type: 'varchar', length: 64, nullable: true })
  ip: string | null;

  /**
   * The credential the person was authenticated by when creating this one: for a personal access
   * token, the session it was created in; null for sessions (a password creates them) and for
   * tokens created before it was recorded.
   */
  @Column({ name: 'created_by_credential', type: 'varchar', length: 36, nullable: true })
  createdByCredential: string | null;
}
