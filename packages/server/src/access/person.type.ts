import { Field, ID, ObjectType } from 'type-graphql';
import type { PersonEntity } from './person.entity.js';

@ObjectType({ simpleResolvers: true, description: 'A person with a Chaman account' })
export class Person {
  @Field(() => ID, { description: 'Stable identifier' })
  id: string;

  @Field(() => String, { description: 'Email address (lower-cased); unique' })
  email: string;

  @Field(() => String, { description: 'First name' })
  firstName: string;

  @Field(() => String, { description: 'Last name' })
  lastName: string;

  @Field(() => Boolean, { description: 'Whether the person has proven this email (a mailed link, or an identity provider that vouches for it)' })
  emailVerified: boolean;

  @Field(() => String, { description: 'The language of the mails this person receives, and of the admin UI: en, fr, nl or de (change it with setLanguage)' })
  language: string;
}

@ObjectType({ simpleResolvers: true, description: 'A signed-in session' })
export class Session {
  @Field(() => String, {
    description:
      'The session secret, for `Authorization: Bearer <token>`; browsers also get it as an HttpOnly cookie',
  })
  token: string;

  @Field(() => Person, { description: 'Who is signed in' })
  person: Person;

  @Field(() => Date, { description: 'When the session ends at the latest (it also ends after a period of inactivity)' })
  expiresAt: Date;
}

export function toPerson(e: Pick<PersonEntity, 'id' | 'email' | 'firstName' | 'lastName' | 'emailVerifiedAt' | 'language'>): Person {
  return { id: e.id, email: e.email, firstName: e.firstName, lastName: e.lastName, emailVerified: e.emailVerifiedAt !== null, language: e.language };
}
