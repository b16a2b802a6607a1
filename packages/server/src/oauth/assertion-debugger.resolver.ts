import { Arg, Ctx, Query, Resolver } from 'type-graphql';
import type { Context } from '../graphql/context.js';
import { answer } from '../graphql/errors.js';
import { debugClientAssertion } from './assertion-debugger.use-cases.js';
import { AssertionCheck, AssertionDiagnosis } from './assertion-debugger.type.js';
import { TOKEN_PATH } from './oauth.routes.js';

@Resolver()
export class AssertionDebuggerResolver {
  @Query(() => AssertionDiagnosis, {
    description:
      "The assertion debugger: every check the token endpoint makes on a client assertion, each judged that can be, with the token endpoint's own code. Spends no jti (the assertion still obtains a token afterwards) and records nothing; refused over GET (URLs end up in logs); at most 30 a minute per client IP. What it finds about the account is shown to its company's signed-in people and to a caller whose assertion one of the account's keys verifies",
  })
  async debugClientAssertion(
    @Arg('assertion', () => String, { description: 'The client assertion (a JWT), as it would be sent in client_assertion' }) assertion: string,
    @Arg('scope', () => String, { nullable: true, description: 'The scope it would be sent with (space-separated); absent: all the account\'s' }) scope: string | null,
    @Ctx() ctx: Context,
  ): Promise<AssertionDiagnosis> {
    const issuer = ctx.config.publicUrl;
    const diagnosis = answer(await debugClientAssertion(ctx.deps, { assertion: assertion.slice(0, 64 * 1024), scope, audiences: [`${issuer}${TOKEN_PATH}`, issuer] }));
    return Object.assign(new AssertionDiagnosis(), { ...diagnosis, steps: diagnosis.steps.map((step) => Object.assign(new AssertionCheck(), step)) });
  }
}
