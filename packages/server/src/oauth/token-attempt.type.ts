import { JSONResolver } from 'graphql-scalars';
import { Field, Int, ObjectType } from 'type-graphql';

@ObjectType({ simpleResolvers: true, description: 'One request to the token endpoint for a REST account, granted or not' })
export class TokenAttempt {
  @Field(() => Date, { description: 'When' })
  at: Date;

  @Field(() => String, { description: '"granted", "introspection", or the OAuth error (invalid_client, invalid_scope, ...)' })
  outcome: string;

  @Field(() => String, { description: 'The exact check that failed, or the certificate used' })
  reason: string;

  @Field(() => String, {
    nullable: true,
    description:
      'The code of reason, so that a client can word it in its own language: an assertion check\'s (assertion/expired, assertion/aud, assertion/jti-used, ...) or oauth/granted, oauth/introspection, oauth/signature-unverified, oauth/alg-fits-no-key, oauth/no-certificate, oauth/certificate-hint-unknown; null for requests recorded before codes were kept (reason alone says it)',
  })
  reasonCode: string | null;

  @Field(() => JSONResolver, { nullable: true, description: 'The values reason is made from (a flat object of strings and numbers, e.g. { exp, now, leeway }); null when reasonCode is null' })
  reasonParams: Record<string, unknown> | null;

  @Field(() => String, { nullable: true, description: 'Id of the certificate whose key signed the assertion, when known' })
  certificateId: string | null;

  @Field(() => String, { nullable: true, description: 'Client IP address' })
  ip: string | null;
}

@ObjectType({
  simpleResolvers: true,
  description:
    'Refused token requests from one client IP whose caller proved no key of the account (its signature verified with none of its certificates): counted, not listed one by one, so that requests anyone can send do not push the real attempts out of tokenAttempts',
})
export class UnprovenTokenAttempts {
  @Field(() => String, { description: 'The client IP address the requests came from (as the last trusted proxy saw it, with TRUST_PROXY)' })
  ip: string;

  @Field(() => Int, { description: 'How many such requests came from this IP (kept until none came for 30 days)' })
  count: number;

  @Field(() => Date, { description: 'When the first of them came' })
  firstAt: Date;

  @Field(() => Date, { description: 'When the last of them came' })
  lastAt: Date;

  @Field(() => String, { description: 'The OAuth error the last of them got (invalid_client, ...)' })
  lastOutcome: string;

  @Field(() => String, { description: 'Why the last of them was refused, with every detail (which certificates were tried, why none verified)' })
  lastReason: string;

  @Field(() => String, {
    nullable: true,
    description: 'The code of lastReason (as TokenAttempt.reasonCode), so that a client can word it in its own language; null when the last of them came before codes were kept',
  })
  lastReasonCode: string | null;

  @Field(() => JSONResolver, { nullable: true, description: 'The values lastReason is made from (a flat object); null when lastReasonCode is null' })
  lastReasonParams: Record<string, unknown> | null;
}
