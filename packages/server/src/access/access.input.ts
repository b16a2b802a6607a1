import { Field, ID, InputType, Int } from 'type-graphql';

@InputType({ description: 'A new account' })
export class SignUpInput {
  @Field(() => String, { description: 'Email address; unique, compared case-insensitively' })
  email: string;

  @Field(() => String, { description: 'At least 12 characters' })
  password: string;

  @Field(() => String, { description: 'First name (1 to 100 characters)' })
  firstName: string;

  @Field(() => String, { description: 'Last name (1 to 100 characters)' })
  lastName: string;

  @Field(() => String, { nullable: true, description: 'The language of the mails this person receives: en, fr, nl or de (default en)' })
  language?: string | null;
}

@InputType({ description: 'Credentials to sign in with' })
export class SignInInput {
  @Field(() => String, { description: 'Email address' })
  email: string;

  @Field(() => String, { description: 'Password' })
  password: string;
}

@InputType({ description: 'Give a role in a company to an email address' })
export class AppointInput {
  @Field(() => ID, { description: 'The company' })
  companyId: string;

  @Field(() => String, {
    description: 'Email of the person; unless someone has proven that this email is theirs (or it is your own), the role is PENDING until someone does (verifyEmail)',
  })
  email: string;
}

@InputType({ description: 'Take a role back' })
export class RevokeRoleInput {
  @Field(() => ID, { description: 'The role assignment to revoke' })
  roleAssignmentId: string;
}

@InputType({ description: 'A personal access token for scripts' })
export class CreateAccessTokenInput {
  @Field(() => String, { description: 'A name to recognise it by (1 to 100 characters), e.g. "CI rotation job"' })
  name: string;

  @Field(() => Int, { description: 'Days until it expires, from 1 to 365', defaultValue: 90 })
  expiresInDays: number;
}

@InputType({ description: 'Mandate a provider to use Chaman for the company' })
export class CreateMandateInput {
  @Field(() => ID, { description: 'The mandator: the company giving the mandate' })
  companyId: string;

  @Field(() => String, { description: "The provider's enterprise number (it must be registered in Chaman)" })
  providerEnterpriseNumber: string;

  @Field(() => Date, { nullable: true, description: 'From when it applies; default: now' })
  startsAt?: Date | null;

  @Field(() => Date, { nullable: true, description: 'Until when it applies; default: until ended' })
  endsAt?: Date | null;
}

@InputType({ description: 'A mandate to act on' })
export class MandateInput {
  @Field(() => ID, { description: 'The mandate' })
  mandateId: string;
}

@InputType({ description: 'A new password, confirmed with the current one' })
export class ChangePasswordInput {
  @Field(() => String, { description: 'The password the person signs in with now' })
  currentPassword: string;

  @Field(() => String, { description: 'The new password: at least 12 characters' })
  newPassword: string;
}

@InputType({ description: 'A new password, with the link mailed by requestPasswordReset' })
export class ResetPasswordInput {
  @Field(() => String, { description: 'The token of the link ($PUBLIC_URL/reset-password?token=...)' })
  token: string;

  @Field(() => String, { description: 'The new password: at least 12 characters' })
  password: string;
}
