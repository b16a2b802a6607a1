import type { ApolloServerPlugin } from '@apollo/server';
import { RequestErrors } from '@chaman/domain';
import {
  getNamedType,
  getNullableType,
  getOperationAST,
  isCompositeType,
  isInterfaceType,
  isListType,
  isObjectType,
  Kind,
  valueFromASTUntyped,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLArgument,
  type GraphQLCompositeType,
  type GraphQLSchema,
  type SelectionSetNode,
} from 'graphql';
import type { Context } from '../context.js';
import { requestRefusal } from '../errors.js';

/**
 * The most fields a query may resolve, by the count below. The admin UI's richest query (the
 * expiring certificates, 500 of them with their accounts) counts about 23,000; the integrator's
 * read of 100 accounts about 2,700.
 */
export const MAX_COST = 50_000;

/**
 * Field extensions the cost reads, declared beside each list field with type-graphql's
 * @Extensions: `maxItems`, the most items a list without a page size holds (or is counted as);
 * `pageItems`, on a connection's `nodes` and `edges`, which hold the connection's `first` items.
 */
export interface ListCostExtensions {
  maxItems?: number;
  pageItems?: boolean;
}

const isIntrospection = (name: string) => name.startsWith('__');

/**
 * Every list of objects that has no `first` must say how many items it counts as: a nested list
 * counted as one item is how a 250-byte query made 250,000 objects. Checked when the server starts.
 */
export function assertListsBounded(schema: GraphQLSchema): void {
  const unbounded: string[] = [];
  for (const type of Object.values(schema.getTypeMap())) {
    if ((!isObjectType(type) && !isInterfaceType(type)) || isIntrospection(type.name)) continue;
    for (const field of Object.values(type.getFields())) {
      const extensions = field.extensions as ListCostExtensions;
      const list = isListType(getNullableType(field.type)) && isCompositeType(getNamedType(field.type));
      if (list && !field.args.some((a) => a.name === 'first') && extensions.maxItems === undefined && !extensions.pageItems) {
        unbounded.push(`${type.name}.${field.name}`);
      }
    }
  }
  if (unbounded.length > 0) {
    throw new Error(`These list fields have no page size and declare no maxItems (see query-cost.ts): ${unbounded.join(', ')}`);
  }
}

/**
 * How many fields the operation resolves at most, with these variables: every field counts 1,
 * times the items of each list it sits in. A list's items are its `first` (literal, variable,
 * the variable's default or the argument's default), or its declared maximum. Aliases and
 * fragment spreads count each time they appear, as they are executed. Introspection is not
 * counted: the schema is small and fixed, and depth bounds those queries.
 */
export function queryCost(schema: GraphQLSchema, document: DocumentNode, variables: Record<string, unknown>, operationName: string | undefined): number {
  const operation = getOperationAST(document, operationName);
  if (!operation) return 0;
  const root = schema.getRootType(operation.operation);
  if (!root) return 0;
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  const variableDefaults = new Map<string, unknown>();
  for (const v of operation.variableDefinitions ?? []) {
    if (v.defaultValue) variableDefaults.set(v.variable.name.value, valueFromASTUntyped(v.defaultValue));
  }
  // A fragment's cost per parent depends only on the page it sits in: each is walked once per page
  // size, so fragments spreading fragments cost the walk nothing exponential.
  const fragmentCosts = new Map<string, number>();

  const pageSize = (node: FieldNode, arg: GraphQLArgument): number => {
    const given = node.arguments?.find((a) => a.name.value === arg.name)?.value;
    let value: unknown = arg.defaultValue;
    if (given?.kind === Kind.VARIABLE) {
      const name = given.name.value;
      value = variables[name] !== undefined ? variables[name] : variableDefaults.has(name) ? variableDefaults.get(name) : arg.defaultValue;
    } else if (given) {
      value = valueFromASTUntyped(given);
    }
    // Anything but a number is refused before a resolver reads it.
    return typeof value === 'number' && Number.isFinite(value) ? Math.max(0, Math.floor(value)) : 0;
  };

  const fieldCost = (node: FieldNode, parent: GraphQLCompositeType, page: number): number => {
    const name = node.name.value;
    if (isIntrospection(name)) return name === '__typename' ? 1 : 0;
    if (!isObjectType(parent) && !isInterfaceType(parent)) return 0;
    const field = parent.getFields()[name];
    if (!field) return 0;
    const extensions = field.extensions as ListCostExtensions;
    const firstArg = field.args.find((a) => a.name === 'first');
    const first = firstArg ? pageSize(node, firstArg) : undefined;
    const type = getNamedType(field.type);
    let items = 1;
    let childPage = page;
    if (isListType(getNullableType(field.type))) {
      items = first ?? (extensions.pageItems ? page : (extensions.maxItems ?? 1));
    } else if (first !== undefined) {
      childPage = first;
    }
    const children = node.selectionSet && isCompositeType(type) ? selectionCost(node.selectionSet, type, childPage) : 0;
    return items * (1 + children);
  };

  const selectionCost = (set: SelectionSetNode, type: GraphQLCompositeType, page: number): number => {
    let total = 0;
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) {
        total += fieldCost(selection, type, page);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const on = selection.typeCondition ? schema.getType(selection.typeCondition.name.value) : type;
        total += isCompositeType(on) ? selectionCost(selection.selectionSet, on, page) : 0;
      } else {
        const key = `${selection.name.value}@${page}`;
        let cost = fragmentCosts.get(key);
        if (cost === undefined) {
          const fragment = fragments.get(selection.name.value);
          const on = fragment && schema.getType(fragment.typeCondition.name.value);
          // Validation has refused cycles; the entry guards the walk anyway.
          fragmentCosts.set(key, 0);
          cost = fragment && isCompositeType(on) ? selectionCost(fragment.selectionSet, on, page) : 0;
          fragmentCosts.set(key, cost);
        }
        total += cost;
      }
    }
    return total;
  };

  return selectionCost(operation.selectionSet, root, 1);
}

/**
 * Refuses, before either executor runs it, an operation whose cost with this request's variables
 * is over `maxCost`. (A validation rule would not do: Apollo Server caches validation per
 * document, and the cost of `first: $first` depends on the variables.)
 */
export function queryCostLimit(schema: GraphQLSchema, maxCost = MAX_COST): ApolloServerPlugin<Context> {
  assertListsBounded(schema);
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document, operationName }) {
          const cost = queryCost(schema, document, request.variables ?? {}, operationName ?? undefined);
          if (cost > maxCost) {
            const shown = Math.min(cost, Number.MAX_SAFE_INTEGER);
            throw requestRefusal(
              RequestErrors.tooCostly,
              `The query would resolve up to ${shown} fields, more than ${maxCost}: ask for smaller pages (first) or fewer nested lists (query cost)`,
              { cost: shown, maxCost },
            );
          }
        },
      };
    },
  };
}
