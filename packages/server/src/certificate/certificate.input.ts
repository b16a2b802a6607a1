import { Field, ID, InputType } from 'type-graphql';

@InputType({ description: 'A certificate file to upload' })
export class UploadCertificateInput {
  @Field(() => ID, { description: 'The company' })
  companyId: string;

  @Field(() => String, { description: 'A name for the certificate (1 to 100 characters)' })
  name: string;

  @Field(() => String, {
    description: "The file's bytes in base64, or PEM text as it is (at most 64 KiB of file)",
  })
  content: string;
}

@InputType({ description: 'A new certificate uploaded with a REST account' })
export class NewCertificateInput {
  @Field(() => String, { description: 'A name for the certificate (1 to 100 characters)' })
  name: string;

  @Field(() => String, { description: "The file's bytes in base64, or PEM text as it is" })
  content: string;
}

@InputType({ description: 'Rename a certificate' })
export class RenameCertificateInput {
  @Field(() => ID, { description: 'The certificate' })
  certificateId: string;

  @Field(() => String, { description: 'The new name (1 to 100 characters)' })
  name: string;
}

@InputType({ description: 'Delete a certificate no REST account uses' })
export class DeleteCertificateInput {
  @Field(() => ID, { description: 'The certificate' })
  certificateId: string;
}
