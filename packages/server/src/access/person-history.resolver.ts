import { Arg, Ctx, FieldResolver, Int, Resolver, Root } from 'type-graphql';
import { pageArgs, pageOf, type Page } from '../graphql/connection.js';
import type { Context } from '../graphql/context.js';
import { personHistoryRepository } from './person-history.repository.js';
import { PersonEvent, PersonEventConnection } from './person-history.type.js';
import { Person } from './person.type.js';

const EMPTY: Page<PersonEvent> = { nodes: [], edges: [], pageInfo: { hasNextPage: false, endCursor: null } };

@Resolver(() => Person)
export class PersonHistoryResolver {
  @FieldResolver(() => PersonEventConnection, {
    description: "This person's own history, newest first: sign-ups, sign-ins, sign-outs, failed sign-ins, password changes and resets, personal tokens created and revoked. Only the person sees it (empty for anybody else)",
  })
  async history(
    @Root() person: Person,
    @Ctx() ctx: Context,
    @Arg('first', () => Int, { defaultValue: 20, description: 'Page size, from 1 to 100' }) first: number,
    @Arg('after', () => String, { nullable: true, description: "Continue after this cursor (a previous page's pageInfo.endCursor)" }) after: string | null,
  ): Promise<Page<PersonEvent>> {
    const { limit, before } = pageArgs(first, after);
    if (ctx.access.personId !== person.id) return EMPTY;
    return pageOf(await personHistoryRepository.page(ctx.deps.db, person.id, before, limit), limit, (row) => row);
  }
}
