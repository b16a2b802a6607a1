import { PersonEventKinds } from '@chaman/domain';
import { Field, ID, ObjectType } from 'type-graphql';
import { connectionOf } from '../graphql/connection.js';

@ObjectType({ simpleResolvers: true, description: "One event of a person's own history (their account's sign-ins, tokens, password changes)" })
export class PersonEvent {
  @Field(() => ID, { description: 'Stable identifier' })
  id: string;

  @Field(() => Date, { description: 'When it happened' })
  at: Date;

  @Field(() => String, { description: `What happened: ${PersonEventKinds.join(', ')}` })
  kind: string;

  @Field(() => String, {
    description: 'What it concerns, as a JSON object: `knownDevice` for sign-ins and failed ones (whether the browser had signed in as this person before), `tokenId` and `name` for personal tokens',
  })
  details: string;

  @Field(() => String, { nullable: true, description: 'Client IP address' })
  ip: string | null;

  @Field(() => String, { nullable: true, description: 'Client user agent' })
  userAgent: string | null;
}

export const PersonEventConnection = connectionOf(PersonEvent, 'PersonEvent', 'person event');
