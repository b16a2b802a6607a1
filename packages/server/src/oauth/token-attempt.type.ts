import { Field, ObjectType } from 'type-graphql';

@ObjectType({ simpleResolvers: true, description: 'One request to the token endpoint for a REST account, granted or not' })
export class TokenAttempt {
  @Field(() => Date, { description: 'When' })
  at: Date;

  @Field(() => String, { description: '"granted", "introspection", or the OAuth error (invalid_client, invalid_scope, ...)' })
  outcome: string;

  @Field(() => String, { description: 'The exact check that failed, or the certificate used' })
  reason: string;

  @Field(() => String, { nullable: true, description: 'Id of the certificate whose key signed the assertion, when known' })
  certificateId: string | null;

  @Field(() => String, { nullable: true, description: 'Client IP address' })
  ip: string | null;
}
