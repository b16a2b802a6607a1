import { JSONResolver } from 'graphql-scalars';
import { ASSERTION_STEPS } from '@chaman/domain';
import { Extensions, Field, ObjectType } from 'type-graphql';

@ObjectType({ simpleResolvers: true, description: "One check of a client assertion, as the token endpoint makes it" })
export class AssertionCheck {
  @Field(() => String, { description: 'The step: format, header, iss-sub, aud, exp, nbf-iat, jti, client, signature, account or scope' })
  name: string;

  @Field(() => Boolean, { description: 'Whether the assertion passed this check (false also when it could not be checked or is not shown)' })
  ok: boolean;

  @Field(() => String, {
    nullable: true,
    description:
      'Why it did not pass, as a code (assertion/expired, assertion/aud, assertion/signature, ...; assertion/not-judged when an earlier step must pass first, assertion/not-shown when only the account\'s company may see it); null when it passed',
  })
  reason: string | null;

  @Field(() => JSONResolver, { nullable: true, description: 'The values the message is made from (a flat object), so that a client can word it in its own language; null when it passed' })
  params: Record<string, unknown> | null;

  @Field(() => String, { description: 'What the check found, in English: what passed, or exactly what failed and what is expected' })
  message: string;
}

@ObjectType({ simpleResolvers: true, description: 'What the token endpoint would say of a client assertion, every check judged that can be (the jti is not spent, nothing is recorded)' })
export class AssertionDiagnosis {
  @Field(() => Boolean, { description: 'Whether every check passed: the token endpoint would give a token for this assertion (unless its jti is spent first)' })
  ok: boolean;

  @Field(() => String, { nullable: true, description: "The assertion's iss (the client ID it claims), when it is a string" })
  clientId: string | null;

  @Field(() => [AssertionCheck], { description: 'The checks in the token endpoint\'s order: format, header, iss-sub, aud, exp, nbf-iat, jti, client, signature, account, scope (always these 11)' })
  @Extensions({ maxItems: ASSERTION_STEPS.length })
  steps: AssertionCheck[];
}
