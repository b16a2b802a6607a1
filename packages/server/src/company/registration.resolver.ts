import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { isOperator } from '../access/authorization.js';
import { pageArgs, pageOf, type Page } from '../graphql/connection.js';
import type { Context } from '../graphql/context.js';
import { answer } from '../graphql/errors.js';
import { companyRepository } from './company.repository.js';
import { Company, CompanyConnection, Registrant, toCompany } from './company.type.js';
import { approveEmployer, pendingEmployers, rejectEmployer } from './company.use-cases.js';

const DEFAULT_PAGE = 50;

/** Platform operators approve or reject employer registrations (EMPLOYER_APPROVAL=operator). */
@Resolver(() => Company)
export class RegistrationResolver {
  @Query(() => CompanyConnection, {
    description: 'The registrations waiting for a platform operator, oldest first, each with who registered it and when (platform operators only)',
  })
  async pendingEmployers(
    @Ctx() ctx: Context,
    @Arg('first', () => Int, { nullable: true, defaultValue: DEFAULT_PAGE, description: 'Page size, from 1 to 100' }) first: number | null,
    @Arg('after', () => String, { nullable: true, description: "Continue after this cursor (a previous page's pageInfo.endCursor)" }) after: string | null,
  ): Promise<Page<Company>> {
    const { limit, before: afterId } = pageArgs(first ?? DEFAULT_PAGE, after);
    const rows = answer(await pendingEmployers(ctx.deps, { afterId, limit }));
    return pageOf(rows, limit, (r) => toCompany(r.company, r.registrant));
  }

  @Mutation(() => Company, { description: 'Approves a PENDING registration: the company can then be used (platform operators only)' })
  async approveEmployer(@Arg('id', () => ID, { description: 'The company' }) id: string, @Ctx() ctx: Context): Promise<Company> {
    return toCompany(answer(await approveEmployer(ctx.deps, id)));
  }

  @Mutation(() => Company, {
    description: 'Rejects a PENDING registration, telling the registrant why; its enterprise number may then be registered again (platform operators only)',
  })
  async rejectEmployer(
    @Arg('id', () => ID, { description: 'The company' }) id: string,
    @Arg('reason', () => String, { description: 'Why, for the registrant: 1 to 500 characters' }) reason: string,
    @Ctx() ctx: Context,
  ): Promise<Company> {
    return toCompany(answer(await rejectEmployer(ctx.deps, id, reason)));
  }

  @FieldResolver(() => Registrant, { nullable: true, description: 'Who registered the company (platform operators only; null for others)' })
  async registeredBy(@Root() company: Company, @Ctx() ctx: Context): Promise<Registrant | null> {
    if (!isOperator(ctx.deps)) return null;
    return company.registrant ?? (await companyRepository.registrant(ctx.deps.db, company.createdBy));
  }

  @FieldResolver(() => String, {
    nullable: true,
    description: "Why a platform operator rejected the registration (for the company's people and operators; null unless REJECTED)",
  })
  async rejectionReason(@Root() company: Company, @Ctx() ctx: Context): Promise<string | null> {
    if (company.rejection === null) return null;
    if (isOperator(ctx.deps)) return company.rejection;
    const actor = await ctx.access.actor();
    return (actor.roles[company.id] ?? []).length > 0 ? company.rejection : null;
  }
}
