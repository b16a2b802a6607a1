import { Arg, Ctx, FieldResolver, Mutation, Resolver, Root } from 'type-graphql';
import { toCompany, Company } from '../company/company.type.js';
import type { Context } from '../graphql/context.js';
import { AppointInput, CreateMandateInput, MandateInput, RevokeRoleInput } from './access.input.js';
import { acceptMandate, appoint, createMandate, endMandate, revokeRole } from './access.use-cases.js';
import { answer } from '../graphql/errors.js';
import { Mandate, RoleAssignment } from './access.type.js';
import { toMandateRow, toRoleAssignment } from './mappers.js';

@Resolver(() => RoleAssignment)
export class RoleResolver {
  @Mutation(() => RoleAssignment, { description: 'Appoints a Chief Access Manager (by the legal representative or a Chief Access Manager)' })
  async appointChiefAccessManager(@Arg('input', () => AppointInput) input: AppointInput, @Ctx() ctx: Context) {
    const { assignment, person } = answer(await appoint(ctx.deps, 'CHIEF_ACCESS_MANAGER', input));
    return toRoleAssignment(assignment, person);
  }

  @Mutation(() => RoleAssignment, { description: 'Appoints an Access Manager (by a Chief Access Manager)' })
  async appointAccessManager(@Arg('input', () => AppointInput) input: AppointInput, @Ctx() ctx: Context) {
    const { assignment, person } = answer(await appoint(ctx.deps, 'ACCESS_MANAGER', input));
    return toRoleAssignment(assignment, person);
  }

  @Mutation(() => RoleAssignment, {
    description: 'Grants "Chaman - technical channel management" access (by a Chief Access Manager or an Access Manager)',
  })
  async grantChamanAccess(@Arg('input', () => AppointInput) input: AppointInput, @Ctx() ctx: Context) {
    const { assignment, person } = answer(await appoint(ctx.deps, 'CHAMAN', input));
    return toRoleAssignment(assignment, person);
  }

  @Mutation(() => RoleAssignment, {
    description: "Revokes a role assignment; nobody but the legal representative can revoke the company's last Chief Access Manager",
  })
  async revokeRole(@Arg('input', () => RevokeRoleInput) input: RevokeRoleInput, @Ctx() ctx: Context) {
    return toRoleAssignment(answer(await revokeRole(ctx.deps, input.roleAssignmentId)));
  }
}

@Resolver(() => Mandate)
export class MandateResolver {
  @Mutation(() => Mandate, { description: 'Mandates a registered provider to use Chaman for the company (by a Chief Access Manager); PENDING until accepted' })
  async createMandate(@Arg('input', () => CreateMandateInput) input: CreateMandateInput, @Ctx() ctx: Context) {
    return toMandateRow(answer(await createMandate(ctx.deps, input)));
  }

  @Mutation(() => Mandate, { description: "Accepts a mandate (by a Chief Access Manager or an Access Manager of the provider)" })
  async acceptMandate(@Arg('input', () => MandateInput) input: MandateInput, @Ctx() ctx: Context) {
    return toMandateRow(answer(await acceptMandate(ctx.deps, input.mandateId)));
  }

  @Mutation(() => Mandate, { description: 'Ends a mandate (by a Chief Access Manager or an Access Manager of either company)' })
  async endMandate(@Arg('input', () => MandateInput) input: MandateInput, @Ctx() ctx: Context) {
    return toMandateRow(answer(await endMandate(ctx.deps, input.mandateId)));
  }

  @FieldResolver(() => Company, { description: 'The company that gives the mandate' })
  async mandator(@Root() m: { mandatorId: string }, @Ctx() ctx: Context): Promise<Company> {
    return toCompany((await ctx.access.company(m.mandatorId))!.entity);
  }

  @FieldResolver(() => Company, { description: 'The provider that receives it' })
  async provider(@Root() m: { providerId: string }, @Ctx() ctx: Context): Promise<Company> {
    return toCompany((await ctx.access.company(m.providerId))!.entity);
  }
}
