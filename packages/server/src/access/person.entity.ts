import type { Language } from '@chaman/domain';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import { timeColumn } from '../db/columns.js';

@Entity('person')
export class PersonEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  /** Lower-cased: emails are unique case-insensitively. */
  @Column({ type: 'varchar', length: 254, unique: true })
  email: string;

  @Column({ name: 'first_name', type: 'varchar', length: 100 })
  firstName: string;

  @Column({ name: 'last_name', type: 'varchar', length: 100 })
  lastName: string;

  /** scrypt$N$r$p$salt$hash; never leaves the server, never logged. */
  @Column({ name: 'password_hash', type: 'varchar', length: 200 })
  passwordHash: string;

  /** en, fr, nl or de: the language of the mails this person receives (and of the UI they chose last). */
  @Column({ type: 'varchar', length: 2, default: 'en' })
  language: Language;

  @Column({ name: 'created_at', ...timeColumn })
  createdAt: Date;

  /** When the person proved the email (a mailed link, or an identity provider vouching for it); null until then. */
  @Column({ name: 'email_verified_at', ...timeColumn, nullable: true })
  emailVerifiedAt: Date | null;
}
