import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import type { Context } from '../graphql/context.js';
import { answer } from '../graphql/errors.js';
import { Person, toPerson } from './person.type.js';
import { setLanguage } from './person.use-cases.js';

/** What a signed-in person changes about themselves. */
@Resolver(() => Person)
export class PersonResolver {
  @Mutation(() => Person, { description: 'Sets the language of your mails (and of the admin UI): en, fr, nl or de' })
  async setLanguage(@Arg('language', () => String, { description: 'en, fr, nl or de' }) language: string, @Ctx() ctx: Context): Promise<Person> {
    return toPerson(answer(await setLanguage(ctx.deps, { language })));
  }
}
