import { allowedActions, type Action } from '@chaman/domain';
import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { AuditEntryConnection, MandateConnection, RoleAssignmentConnection } from '../access/connections.js';
import { accessRepository } from '../access/access.repository.js';
import { MandateStatus, Role, RoleAssignmentStatus } from '../access/access.type.js';
import { toMandateRow, toRoleAssignment } from '../access/mappers.js';
import { auditRepository } from '../audit/audit.repository.js';
import type { AuditEntry } from '../audit/audit-entry.type.js';
import { authorize, visibleCompany } from '../graphql/authorize.js';
import { pageArgs, pageOf, type Page } from '../graphql/connection.js';
import type { Context } from '../graphql/context.js';
import { answer } from '../graphql/errors.js';
import { RegisterEmployerInput } from './company.input.js';
import { registerEmployer } from './company.use-cases.js';
import { Company, toCompany } from './company.type.js';

const firstArg = { defaultValue: 50, description: 'Page size, from 1 to 100' };
const afterArg = { nullable: true, description: "Continue after this cursor (a previous page's pageInfo.endCursor)" };

@Resolver(() => Company)
export class CompanyResolver {
  @Query(() => Company, { nullable: true, description: 'A company; null when it does not exist or the caller has no role in it' })
  async company(@Arg('id', () => ID, { description: 'The company id' }) id: string, @Ctx() ctx: Context): Promise<Company | null> {
    const found = await visibleCompany(ctx, id);
    return found ? toCompany(found.company.entity) : null;
  }

  @Mutation(() => Company, { description: 'Registers a company as an NSSO employer; the caller becomes its legal representative' })
  async registerEmployer(
    @Arg('input', () => RegisterEmployerInput) input: RegisterEmployerInput,
    @Ctx() ctx: Context,
  ): Promise<Company> {
    return toCompany(answer(await registerEmployer(ctx.deps, input)));
  }

  @FieldResolver(() => [Role], { description: "The caller's active roles in this company" })
  async viewerRoles(@Root() company: Company, @Ctx() ctx: Context): Promise<Role[]> {
    const actor = await ctx.access.actor();
    return (actor.roles[company.id] ?? []).map((r) => r as Role);
  }

  @FieldResolver(() => [String], {
    description:
      'What the caller may do for this company (use-chaman, grant-chaman-access, ...), as the domain rule decides; clients use it to offer only allowed actions',
  })
  async viewerAllowedActions(@Root() company: Company, @Ctx() ctx: Context): Promise<Action[]> {
    const [actor, loaded] = await Promise.all([ctx.access.actor(), ctx.access.company(company.id)]);
    return loaded ? allowedActions(actor, loaded.ref) : [];
  }

  @FieldResolver(() => RoleAssignmentConnection, {
    description: "The company's role assignments, newest first (needs a role in the company other than Chaman access)",
  })
  async roleAssignments(
    @Root() company: Company,
    @Ctx() ctx: Context,
    @Arg('first', () => Int, firstArg) first: number,
    @Arg('after', () => String, afterArg) after: string | null,
    @Arg('status', () => RoleAssignmentStatus, { nullable: true, description: 'Only this status' }) status: RoleAssignmentStatus | null,
  ) {
    await authorize(ctx, 'view-people', company.id);
    const { limit, before } = pageArgs(first, after);
    const rows = await accessRepository.rolePage(ctx.deps.db, company.id, status, before, limit);
    return pageOf(
      rows.map((r) => ({ id: r.assignment.id, ...r })),
      limit,
      (r) => toRoleAssignment(r.assignment, r.person),
    );
  }

  @FieldResolver(() => AuditEntryConnection, {
    description: "The company's audit log, newest first (Chief Access Managers and Access Managers)",
  })
  async auditLog(
    @Root() company: Company,
    @Ctx() ctx: Context,
    @Arg('first', () => Int, firstArg) first: number,
    @Arg('after', () => String, afterArg) after: string | null,
    @Arg('action', () => String, { nullable: true, description: 'Only this action, e.g. role.appointed' }) action: string | null,
    @Arg('actorEmail', () => String, { nullable: true, description: 'Only changes made by this email' }) actorEmail: string | null,
    @Arg('from', () => Date, { nullable: true, description: 'Only changes made at or after this time' }) from: Date | null,
    @Arg('to', () => Date, { nullable: true, description: 'Only changes made before this time (exclusive: a day ends at the next midnight); none when it is not after from' }) to: Date | null,
  ): Promise<Page<AuditEntry>> {
    await authorize(ctx, 'read-audit-log', company.id);
    const { limit, before } = pageArgs(first, after);
    const rows = await auditRepository.page(ctx.deps.db, company.id, { action, actorEmail: actorEmail?.trim().toLowerCase() ?? null, from, to, before }, limit);
    return pageOf(rows, limit, (row) => row);
  }

  @FieldResolver(() => MandateConnection, { description: 'Mandates this company gave to providers, newest first' })
  async mandatesGiven(
    @Root() company: Company,
    @Ctx() ctx: Context,
    @Arg('first', () => Int, firstArg) first: number,
    @Arg('after', () => String, afterArg) after: string | null,
    @Arg('status', () => MandateStatus, { nullable: true, description: 'Only this status' }) status: MandateStatus | null,
  ) {
    return this.mandates(ctx, company, 'mandator', first, after, status);
  }

  @FieldResolver(() => MandateConnection, { description: 'Mandates this company received from other companies, newest first' })
  async mandatesReceived(
    @Root() company: Company,
    @Ctx() ctx: Context,
    @Arg('first', () => Int, firstArg) first: number,
    @Arg('after', () => String, afterArg) after: string | null,
    @Arg('status', () => MandateStatus, { nullable: true, description: 'Only this status' }) status: MandateStatus | null,
  ) {
    return this.mandates(ctx, company, 'provider', first, after, status);
  }

  private async mandates(ctx: Context, company: Company, side: 'mandator' | 'provider', first: number, after: string | null, status: MandateStatus | null) {
    await authorize(ctx, 'end-mandate', company.id);
    const { limit, before } = pageArgs(first, after);
    return pageOf(await accessRepository.mandatePage(ctx.deps.db, side, company.id, status, before, limit), limit, toMandateRow);
  }
}
