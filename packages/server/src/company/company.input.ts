import { Field, InputType } from 'type-graphql';

@InputType({ description: 'A company to register as an NSSO employer' })
export class RegisterEmployerInput {
  @Field(() => String, {
    description: 'Enterprise number: 10 digits starting with 0 or 1, e.g. "0203201340" or "0203.201.340"',
  })
  enterpriseNumber: string;

  @Field(() => String, { description: 'Company name (1 to 200 characters)' })
  name: string;
}
