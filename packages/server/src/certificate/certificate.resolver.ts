import { Arg, Ctx, Extensions, FieldResolver, ID, Int, Mutation, ObjectType, Field, Query, Resolver, Root } from 'type-graphql';
import { authorize } from '../graphql/authorize.js';
import type { Context } from '../graphql/context.js';
import { clientError, ErrorCode } from '../graphql/errors.js';
import { accountsUsing } from '../rest-account/rest-account.service.js';
import { RestAccount, toRestAccount } from '../rest-account/rest-account.type.js';
import { CertificateEntity } from './certificate.entity.js';
import { DeleteCertificateInput, RenameCertificateInput, UploadCertificateInput } from './certificate.input.js';
import { deleteCertificate, renameCertificate, uploadCertificate } from './certificate.service.js';
import { Certificate, toCertificate } from './certificate.type.js';

@ObjectType({ simpleResolvers: true, description: 'A certificate that ends soon, and the REST accounts that rely on it' })
export class ExpiringCertificate {
  @Field(() => Certificate, { description: 'The certificate' })
  certificate: Certificate;

  @Field(() => [RestAccount], { description: 'The accounts using it: add a new certificate to each before it ends (counted as 20 accounts in the query cost)' })
  @Extensions({ maxItems: 20 })
  accounts: RestAccount[];
}

@Resolver(() => Certificate)
export class CertificateResolver {
  @Mutation(() => Certificate, {
    description:
      'Uploads a certificate for the company (by anyone who may use Chaman for it). Refused with CERTIFICATE_REJECTED and every violation, or CONFLICT when the company already has it',
  })
  async uploadCertificate(@Arg('input', () => UploadCertificateInput) input: UploadCertificateInput, @Ctx() ctx: Context) {
    return toCertificate(await uploadCertificate(ctx, input));
  }

  @Mutation(() => Certificate, { description: 'Renames a certificate' })
  async renameCertificate(@Arg('input', () => RenameCertificateInput) input: RenameCertificateInput, @Ctx() ctx: Context) {
    return toCertificate(await renameCertificate(ctx, input));
  }

  @Mutation(() => Certificate, { description: 'Deletes a certificate; refused (CONFLICT) while a REST account uses it' })
  async deleteCertificate(@Arg('input', () => DeleteCertificateInput) input: DeleteCertificateInput, @Ctx() ctx: Context) {
    return toCertificate(await deleteCertificate(ctx, input.certificateId, accountsUsing));
  }

  @Query(() => [ExpiringCertificate], {
    description: "The company's certificates used by REST accounts that end within `withinDays` (or have ended), soonest first; at most 500",
  })
  @Extensions({ maxItems: 500 })
  async expiringCertificates(
    @Arg('companyId', () => ID, { description: 'The company' }) companyId: string,
    @Arg('withinDays', () => Int, { defaultValue: 30, description: 'Horizon in days, from 0 to 3650' }) withinDays: number,
    @Ctx() ctx: Context,
  ): Promise<ExpiringCertificate[]> {
    await authorize(ctx, 'use-chaman', companyId);
    if (!Number.isInteger(withinDays) || withinDays < 0 || withinDays > 3650) {
      throw clientError(ErrorCode.badUserInput, `withinDays must be from 0 to 3650; got ${withinDays}`);
    }
    const horizon = Date.now() + withinDays * 86_400_000;
    const certs = await ctx.ds
      .getRepository(CertificateEntity)
      .createQueryBuilder('c')
      .where('c.company_id = :companyId AND c.not_after <= :horizon', { companyId, horizon })
      .orderBy('c.not_after', 'ASC')
      .limit(500)
      .getMany();
    const accounts = await Promise.all(certs.map((c) => ctx.loaders.accountsByCertificate.load(c.id)));
    return certs
      .map((c, i) => ({ certificate: toCertificate(c), accounts: accounts[i]!.map(toRestAccount) }))
      .filter((e) => e.accounts.length > 0);
  }

  @FieldResolver(() => String, { description: 'The certificate in PEM' })
  pem(@Root() certificate: Certificate): string {
    const lines = certificate.derBase64.match(/.{1,64}/g) ?? [];
    return `-----BEGIN CERTIFICATE-----\n${lines.join('\n')}\n-----END CERTIFICATE-----\n`;
  }

  @FieldResolver(() => [RestAccount], { description: 'The REST accounts using this certificate (counted as 20 accounts in the query cost)' })
  @Extensions({ maxItems: 20 })
  async restAccounts(@Root() certificate: Certificate, @Ctx() ctx: Context): Promise<RestAccount[]> {
    return (await ctx.loaders.accountsByCertificate.load(certificate.id)).map(toRestAccount);
  }
}
