import { CommonErrors, refusal } from '@chaman/domain';
import { Arg, Ctx, Extensions, Field, FieldResolver, ID, Int, Mutation, ObjectType, Query, Resolver, Root } from 'type-graphql';
import { Company } from '../company/company.type.js';
import { authorize } from '../graphql/authorize.js';
import { connectionOf, pageArgs, pageOf, withCount, type Page } from '../graphql/connection.js';
import type { Context } from '../graphql/context.js';
import { answer, toGraphQLError } from '../graphql/errors.js';
import { RestAccount, toRestAccount } from '../rest-account/rest-account.type.js';
import { DeleteCertificateInput, RenameCertificateInput, UploadCertificateInput } from './certificate.input.js';
import { certificateRepository } from './certificate.repository.js';
import { deleteCertificate, renameCertificate, uploadCertificate } from './certificate.use-cases.js';
import { Certificate, toCertificate } from './certificate.type.js';

/** The most certificates expiringCertificates lists. */
const MAX_EXPIRING = 500;
/**
 * The most accounts a certificate lists, and an expiring certificate (bounds the query cost can
 * count on; the accounts page, filtered by health, lists every account that needs rotating).
 */
const MAX_ACCOUNTS_PER_CERTIFICATE = 50;
const MAX_ACCOUNTS_PER_EXPIRING = 20;

@ObjectType({ simpleResolvers: true, description: 'A certificate that ends soon, and the REST accounts that rely on it' })
export class ExpiringCertificate {
  @Field(() => Certificate, { description: 'The certificate' })
  certificate: Certificate;

  @Field(() => [RestAccount], { description: `The accounts using it, the first ${MAX_ACCOUNTS_PER_EXPIRING} by client ID: add a new certificate to each before it ends` })
  @Extensions({ maxItems: MAX_ACCOUNTS_PER_EXPIRING })
  accounts: RestAccount[];
}

@Resolver(() => Certificate)
export class CertificateResolver {
  @Mutation(() => Certificate, {
    description:
      'Uploads a certificate for the company (by anyone who may use Chaman for it). Refused with CERTIFICATE_REJECTED and every violation, or CONFLICT when the company already has it',
  })
  async uploadCertificate(@Arg('input', () => UploadCertificateInput) input: UploadCertificateInput, @Ctx() ctx: Context) {
    return toCertificate(answer(await uploadCertificate(ctx.deps, input)));
  }

  @Mutation(() => Certificate, { description: 'Renames a certificate' })
  async renameCertificate(@Arg('input', () => RenameCertificateInput) input: RenameCertificateInput, @Ctx() ctx: Context) {
    return toCertificate(answer(await renameCertificate(ctx.deps, input)));
  }

  @Mutation(() => Certificate, { description: 'Deletes a certificate; refused (CONFLICT) while a REST account uses it' })
  async deleteCertificate(@Arg('input', () => DeleteCertificateInput) input: DeleteCertificateInput, @Ctx() ctx: Context) {
    return toCertificate(answer(await deleteCertificate(ctx.deps, input.certificateId)));
  }

  @Query(() => [ExpiringCertificate], {
    description: `The company's certificates used by REST accounts that end within \`withinDays\` (or have ended), soonest first (at most ${MAX_EXPIRING})`,
  })
  @Extensions({ maxItems: MAX_EXPIRING })
  async expiringCertificates(
    @Arg('companyId', () => ID, { description: 'The company' }) companyId: string,
    @Arg('withinDays', () => Int, { defaultValue: 30, description: 'Horizon in days, from 0 to 3650' }) withinDays: number,
    @Ctx() ctx: Context,
  ): Promise<ExpiringCertificate[]> {
    await authorize(ctx, 'use-chaman', companyId);
    if (!Number.isInteger(withinDays) || withinDays < 0 || withinDays > 3650) {
      throw toGraphQLError(refusal(CommonErrors.outOfRange, `withinDays must be from 0 to 3650; got ${withinDays}`, { name: 'withinDays', min: 0, max: 3650, given: withinDays }));
    }
    const now = new Date();
    const certs = await certificateRepository.endingBefore(ctx.deps.db, companyId, now.getTime() + withinDays * 86_400_000, MAX_EXPIRING);
    const accounts = await ctx.loaders.accountsByCertificate.loadMany(certs.map((c) => c.id));
    return certs
      .map((c, i) => {
        const using = accounts[i];
        const listed = Array.isArray(using) ? using.slice(0, MAX_ACCOUNTS_PER_EXPIRING) : [];
        return { certificate: toCertificate(c, now), accounts: listed.map((a) => toRestAccount(a, now)) };
      })
      .filter((e) => e.accounts.length > 0);
  }

  @FieldResolver(() => String, { description: 'The certificate in PEM' })
  pem(@Root() certificate: Certificate): string {
    const lines = certificate.derBase64.match(/.{1,64}/g) ?? [];
    return `-----BEGIN CERTIFICATE-----\n${lines.join('\n')}\n-----END CERTIFICATE-----\n`;
  }

  @FieldResolver(() => [RestAccount], { description: `The REST accounts using this certificate, the first ${MAX_ACCOUNTS_PER_CERTIFICATE} by client ID` })
  @Extensions({ maxItems: MAX_ACCOUNTS_PER_CERTIFICATE })
  async restAccounts(@Root() certificate: Certificate, @Ctx() ctx: Context): Promise<RestAccount[]> {
    const now = new Date();
    return (await ctx.loaders.accountsByCertificate.load(certificate.id)).slice(0, MAX_ACCOUNTS_PER_CERTIFICATE).map((a) => toRestAccount(a, now));
  }
}

const CertificateConnection = connectionOf(Certificate, 'Certificate', 'certificate', 'certificates', { counted: true });

@Resolver(() => Company)
export class CompanyCertificateResolver {
  @FieldResolver(() => CertificateConnection, { description: "The company's certificates, newest first (for those who may use Chaman for it)" })
  async certificates(
    @Root() company: Company,
    @Ctx() ctx: Context,
    @Arg('first', () => Int, { defaultValue: 50, description: 'Page size, from 1 to 100' }) first: number,
    @Arg('after', () => String, { nullable: true, description: "Continue after this cursor (a previous page's pageInfo.endCursor)" }) after: string | null,
  ): Promise<Page<Certificate>> {
    await authorize(ctx, 'use-chaman', company.id);
    const { limit, before } = pageArgs(first, after);
    const now = new Date();
    return withCount(
      pageOf(await certificateRepository.page(ctx.deps.db, company.id, before, limit), limit, (c) => toCertificate(c, now)),
      () => certificateRepository.count(ctx.deps.db, company.id),
    );
  }
}
