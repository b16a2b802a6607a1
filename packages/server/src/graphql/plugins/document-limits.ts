import { RequestErrors, type RequestErrorCode } from '@chaman/domain';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import { GraphQLError, Lexer, Source, TokenKind, type ValidationContext, type ValidationRule } from 'graphql';

/** Limits on the document itself, whatever its variables: checked once per document. */
export const MAX_DEPTH = 12;
export const MAX_ALIASES = 15;
export const MAX_DIRECTIVES = 20;
export const MAX_TOKENS = 3000;

/**
 * A refusal from a validation rule, with our reason and the limit as params. Apollo Server
 * gives it the code GRAPHQL_VALIDATION_FAILED (HTTP 400), as graphql-armor's own did.
 */
function reportAs(reason: RequestErrorCode, params: Record<string, number>) {
  return (context: ValidationContext | null, error: GraphQLError) => {
    // graphql-armor words every refusal as a "Syntax Error", which it is not.
    context?.reportError(new GraphQLError(error.message.replace(/^Syntax Error: /, ''), { extensions: { reason, params } }));
  };
}

/**
 * graphql-armor's validation rules for depth, aliases and directives. Its cost rule is not used
 * (the cost depends on the variables: see query-cost.ts), nor its token plugin (it turns syntax
 * errors into 500s: tokens are counted before parsing, see tokenCount), nor its field-suggestion
 * plugin (it rewrites the message of errors that graphql-jit made read-only: formatError hides
 * suggestions instead).
 */
export function documentLimitRules(): ValidationRule[] {
  return new ApolloArmor({
    maxDepth: { n: MAX_DEPTH, propagateOnRejection: false, onReject: [reportAs(RequestErrors.tooDeep, { maxDepth: MAX_DEPTH })] },
    maxAliases: { n: MAX_ALIASES, propagateOnRejection: false, onReject: [reportAs(RequestErrors.tooManyAliases, { maxAliases: MAX_ALIASES })] },
    maxDirectives: {
      n: MAX_DIRECTIVES,
      propagateOnRejection: false,
      onReject: [reportAs(RequestErrors.tooManyDirectives, { maxDirectives: MAX_DIRECTIVES })],
    },
    costLimit: { enabled: false },
    maxTokens: { enabled: false },
    blockFieldSuggestion: { enabled: false },
  }).protect().validationRules as ValidationRule[];
}

/** The number of tokens of a GraphQL document, counting no further than `max` + 1. */
export function tokenCount(query: string, max: number): number {
  const lexer = new Lexer(new Source(query));
  let count = 0;
  try {
    while (count <= max && lexer.advance().kind !== TokenKind.EOF) count++;
  } catch {
    // A syntax error: the parser reports it, with its own code.
  }
  return count;
}
