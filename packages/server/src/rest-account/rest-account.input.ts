import { Field, ID, InputType } from 'type-graphql';
import { NewCertificateInput } from '../certificate/certificate.input.js';

@InputType({ description: 'A new REST web service account ("Add a Web service account")' })
export class CreateRestAccountInput {
  @Field(() => ID, { description: 'The company' })
  companyId: string;

  @Field(() => String, { description: 'Its name (1 to 100 characters, unique in the company)' })
  name: string;

  @Field(() => [String], { description: 'Permission codes (at least one; see the permissions query)' })
  permissionCodes: string[];

  @Field(() => ID, { nullable: true, description: 'An existing certificate of the company, or ...' })
  certificateId?: string | null;

  @Field(() => NewCertificateInput, { nullable: true, description: '... a new upload (exactly one of the two)' })
  certificate?: NewCertificateInput | null;
}

@InputType({ description: 'Rename a REST account' })
export class RenameRestAccountInput {
  @Field(() => ID, { description: 'The account' })
  accountId: string;

  @Field(() => String, { description: 'The new name (1 to 100 characters, unique in the company)' })
  name: string;
}

@InputType({ description: "Replace a REST account's permissions" })
export class SetRestAccountPermissionsInput {
  @Field(() => ID, { description: 'The account' })
  accountId: string;

  @Field(() => [String], { description: 'The permission codes it should have from now on (at least one)' })
  permissionCodes: string[];
}

@InputType({ description: 'Add a certificate to a REST account (rotation: old and new both work until the old is removed)' })
export class AddRestAccountCertificateInput {
  @Field(() => ID, { description: 'The account' })
  accountId: string;

  @Field(() => ID, { nullable: true, description: 'An existing certificate of the company, or ...' })
  certificateId?: string | null;

  @Field(() => NewCertificateInput, { nullable: true, description: '... a new upload (exactly one of the two)' })
  certificate?: NewCertificateInput | null;
}

@InputType({ description: 'Remove a certificate from a REST account (the certificate itself stays)' })
export class RemoveRestAccountCertificateInput {
  @Field(() => ID, { description: 'The account' })
  accountId: string;

  @Field(() => ID, { description: 'The certificate' })
  certificateId: string;
}

@InputType({ description: 'A REST account to act on' })
export class RestAccountInput {
  @Field(() => ID, { description: 'The account' })
  accountId: string;
}
