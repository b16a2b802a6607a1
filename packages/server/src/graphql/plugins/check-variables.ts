import type { ApolloServerPlugin } from '@apollo/server';
import { RequestErrors } from '@chaman/domain';
import type { Context } from '../context.js';
import { requestRefusal } from '../errors.js';

/** No input of the schema nests anywhere near this deep; graphql-js coerces variables recursively. */
export const MAX_VARIABLE_DEPTH = 64;

/**
 * What is wrong with the variables, if anything: lists or objects nested deeper than
 * MAX_VARIABLE_DEPTH, or a NUL character in a string. Walked with a stack of its own, not by
 * recursion: a JSON body of 1 MB nests 500,000 levels, far beyond the call stack.
 */
export function variablesProblem(variables: unknown): 'too-deep' | 'nul' | null {
  const stack: [unknown, number][] = [[variables, 0]];
  while (stack.length > 0) {
    const [value, depth] = stack.pop()!;
    if (typeof value === 'string') {
      if (value.includes('\u0000')) return 'nul';
    } else if (value !== null && typeof value === 'object') {
      if (depth > MAX_VARIABLE_DEPTH) return 'too-deep';
      for (const child of Array.isArray(value) ? value : Object.values(value)) stack.push([child, depth + 1]);
    }
  }
  return null;
}

/**
 * Refuses, for every operation and before it runs, variables nested too deep and NUL characters
 * (PostgreSQL cannot store them in text, and no name, email or certificate needs one), so that no
 * resolver meets them.
 */
export const checkVariables: ApolloServerPlugin<Context> = {
  async requestDidStart() {
    return {
      async didResolveOperation({ request }) {
        const problem = variablesProblem(request.variables);
        if (problem === 'too-deep') {
          throw requestRefusal(RequestErrors.variablesTooDeep, `Variables may nest lists and objects at most ${MAX_VARIABLE_DEPTH} levels deep`, {
            maxDepth: MAX_VARIABLE_DEPTH,
          });
        }
        const query = request.query ?? '';
        if (problem === 'nul' || query.includes('\u0000') || query.includes('\\u0000')) {
          throw requestRefusal(RequestErrors.nulCharacter, 'Text may not contain NUL (\\u0000) characters');
        }
      },
    };
  },
};
