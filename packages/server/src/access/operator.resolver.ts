import { isPlatformOperator } from '@chaman/domain';
import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { Context } from '../graphql/context.js';
import { Person } from './person.type.js';

@Resolver(() => Person)
export class OperatorResolver {
  @FieldResolver(() => Boolean, {
    description: 'Whether this person is a platform operator (approves employer registrations): a proven email listed in OPERATOR_EMAILS',
  })
  platformOperator(@Root() person: Person, @Ctx() ctx: Context): boolean {
    return isPlatformOperator(person, ctx.config.operatorEmails);
  }
}
