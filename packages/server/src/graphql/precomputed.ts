import { isObjectType, type GraphQLSchema } from 'graphql';

/**
 * An object whose loader already worked out some of its resolved fields: a page of REST accounts
 * reads every account's permissions and certificates in its own statements, so answering them
 * field by field would only repeat the work (and type-graphql's wrapper around each resolver call,
 * three per account).
 */
export interface Precomputed<T extends object> {
  precomputed?: T;
}

/**
 * Makes every field resolver without arguments answer from its parent's `precomputed` values when
 * they hold the field, and run as written otherwise (an account found on its own, a mutation's
 * result). Fields with arguments always run: a precomputed value could not depend on them.
 */
export function answerPrecomputedFields(schema: GraphQLSchema): GraphQLSchema {
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields())) {
      const resolve = field.resolve;
      if (!resolve || field.args.length > 0) continue;
      const name = field.name;
      field.resolve = (source, args, context, info) => {
        const precomputed = (source as Precomputed<Record<string, unknown>> | null)?.precomputed;
        return precomputed !== undefined && name in precomputed ? precomputed[name] : resolve(source, args, context, info);
      };
    }
  }
  return schema;
}
