import { Field, ID, ObjectType } from 'type-graphql';

@ObjectType({ simpleResolvers: true, description: "One change in a company's audit log" })
export class AuditEntry {
  @Field(() => ID, { description: 'Stable identifier' })
  id: string;

  @Field(() => Date, { description: 'When the change was made' })
  at: Date;

  @Field(() => String, { description: 'What was done, e.g. role.appointed, role.revoked, mandate.created' })
  action: string;

  @Field(() => String, { nullable: true, description: 'Email of the person who did it' })
  actorEmail: string | null;

  @Field(() => ID, { nullable: true, description: 'Id of the person who did it' })
  actorId: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'Name of the provider company the person acted through, when he acted by mandate',
  })
  viaCompanyName: string | null;

  @Field(() => String, { description: 'Kind of object changed: company, role-assignment, mandate, ...' })
  targetType: string;

  @Field(() => String, { description: 'Id of the object changed' })
  targetId: string;

  @Field(() => String, { description: 'What changed, as a JSON object (before/after where it matters)' })
  details: string;

  @Field(() => String, { nullable: true, description: 'Client IP address' })
  ip: string | null;

  @Field(() => String, { nullable: true, description: 'Client user agent' })
  userAgent: string | null;
}
