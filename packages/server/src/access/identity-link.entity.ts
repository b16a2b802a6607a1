import { Column, Entity, PrimaryColumn } from 'typeorm';
import { timeColumn } from '../db/columns.js';

/** An identity at an OpenID provider (issuer and subject) that signs in as a person. */
@Entity('identity_link')
export class IdentityLinkEntity {
  @PrimaryColumn({ type: 'varchar', length: 255 })
  issuer: string;

  /** The provider's `sub`: stable for one person at one provider, unlike the email. */
  @PrimaryColumn({ type: 'varchar', length: 255 })
  subject: string;

  @Column({ name: 'person_id', type: 'varchar', length: 36 })
  personId: string;

  @Column({ name: 'created_at', ...timeColumn })
  createdAt: Date;
}
