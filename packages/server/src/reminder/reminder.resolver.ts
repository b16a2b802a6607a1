import { Arg, Ctx, FieldResolver, ID, Mutation, Resolver, Root } from 'type-graphql';
import { Person, toPerson } from '../access/person.type.js';
import { visibleCompany } from '../access/authorization.js';
import { Company, toCompany } from '../company/company.type.js';
import type { Context } from '../graphql/context.js';
import { answer } from '../graphql/errors.js';
import { reminderRepository } from './reminder.repository.js';
import { notificationEmailOf, setCompanyNotificationEmail, setExpiryReminders, verifyNotificationEmail } from './reminder.use-cases.js';

@Resolver(() => Person)
export class PersonReminderResolver {
  @Mutation(() => Person, { description: 'Turns your certificate expiry reminders (mails) on or off' })
  async setExpiryReminders(@Arg('enabled', () => Boolean, { description: 'true: receive them (the default); false: none' }) enabled: boolean, @Ctx() ctx: Context): Promise<Person> {
    return toPerson(answer(await setExpiryReminders(ctx.deps, enabled)));
  }

  @FieldResolver(() => Boolean, { description: 'Whether this person receives certificate expiry reminders (setExpiryReminders)' })
  async expiryReminders(@Root() person: Person, @Ctx() ctx: Context): Promise<boolean> {
    return !(await reminderRepository.remindersOff(ctx.deps.db, person.id));
  }
}

@Resolver(() => Company)
export class CompanyReminderResolver {
  @Mutation(() => Company, {
    description: "Sets (or with null removes) the company's shared address for certificate expiry reminders (its access managers); it receives them once proven by the link mailed to it",
  })
  async setCompanyNotificationEmail(
    @Arg('companyId', () => ID, { description: 'The company' }) companyId: string,
    @Arg('email', () => String, { nullable: true, description: 'The address; null removes it' }) email: string | null,
    @Ctx() ctx: Context,
  ): Promise<Company> {
    answer(await setCompanyNotificationEmail(ctx.deps, { companyId, email }));
    const found = await visibleCompany(ctx.deps, companyId);
    return toCompany(found!.company.entity);
  }

  @Mutation(() => Boolean, { description: "Proves a company's shared notification address with the link mailed to it ($PUBLIC_URL/verify-email?token=chn_...); signed in or not" })
  async verifyNotificationEmail(@Arg('token', () => String, { description: 'The token of the mailed link' }) token: string, @Ctx() ctx: Context): Promise<boolean> {
    return answer(await verifyNotificationEmail(ctx.deps, token));
  }

  @FieldResolver(() => String, { nullable: true, description: 'The shared address that also receives the certificate reminders (its access managers see it; null for others or when none)' })
  async notificationEmail(@Root() company: Company, @Ctx() ctx: Context): Promise<string | null> {
    return (await notificationEmailOf(ctx.deps, company.id))?.email ?? null;
  }

  @FieldResolver(() => Boolean, { description: 'Whether the shared address is proven (it receives reminders only then); false when there is none or the caller may not see it' })
  async notificationEmailVerified(@Root() company: Company, @Ctx() ctx: Context): Promise<boolean> {
    return (await notificationEmailOf(ctx.deps, company.id))?.verifiedAt != null;
  }
}
