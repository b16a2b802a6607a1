import { Extensions, Field, Int, ObjectType, type ClassType } from 'type-graphql';
import { clip, CommonErrors, err, ok, refusal } from '@chaman/domain';
import type { Outcome } from '../shared/use-case.js';
import { answer } from './errors.js';

@ObjectType({ simpleResolvers: true, description: 'Where a page of a list stands' })
export class PageInfo {
  @Field(() => Boolean, { description: 'Whether more items follow this page' })
  hasNextPage: boolean;

  @Field(() => String, { nullable: true, description: "The last item's cursor: pass it as `after` for the next page" })
  endCursor: string | null;
}

export interface Page<T> {
  nodes: T[];
  edges: { cursor: string; node: T }[];
  pageInfo: PageInfo;
  /** Set by withCount on the lists whose connection has totalCount. */
  totalCount?: Promise<number>;
}

/**
 * A cursor connection type for `node`: { nodes, edges { cursor node }, pageInfo }, and with
 * `counted`, totalCount (the page must then come from withCount).
 */
export function connectionOf<T extends object>(node: ClassType<T>, name: string, what: string, whats = `${what}s`, options: { counted?: boolean } = {}) {
  @ObjectType(`${name}Edge`, { simpleResolvers: true, description: `One ${what} and its cursor` })
  class Edge {
    @Field(() => String, { description: 'Opaque position of this item, for `after`' })
    cursor: string;

    @Field(() => node, { description: `The ${what}` })
    node: T;
  }

  // A counted connection is this class with totalCount added (below): this one is then only its
  // base, which no field returns, so the schema does not show it.
  @ObjectType(options.counted ? `${name}ConnectionBase` : `${name}Connection`, { simpleResolvers: true, description: `A page of ${whats}` })
  class Connection implements Page<T> {
    @Field(() => [node], { description: `The ${whats} of this page` })
    // The query cost counts the connection's `first` items here (query-cost.ts).
    @Extensions({ pageItems: true })
    nodes: T[];

    @Field(() => [Edge], { description: `The ${whats} of this page with their cursors` })
    @Extensions({ pageItems: true })
    edges: Edge[];

    @Field(() => PageInfo, { description: 'Whether more follow, and where to continue' })
    pageInfo: PageInfo;
  }
  if (!options.counted) return Connection;

  countedConnections.push(`${name}Connection`);
  @ObjectType(`${name}Connection`, { simpleResolvers: true, description: `A page of ${whats}` })
  class CountedConnection extends Connection {
    @Field(() => Int, {
      description: `How many ${whats} the list holds with these arguments (search and filters; first and after aside), on every page alike. Counted only when asked for: it costs one more statement`,
    })
    totalCount: Promise<number>;
  }
  return CountedConnection;
}

const countedConnections: string[] = [];

/**
 * totalCount's resolver for every counted connection, put in place by the schema (schema.ts): the
 * compiled executor reads a field without a resolver as a plain value and would not wait for the
 * count's promise.
 */
export function totalCountResolvers(): Record<string, { totalCount: (page: Page<unknown>) => Promise<number> | undefined }> {
  return Object.fromEntries(countedConnections.map((type) => [type, { totalCount: (page: Page<unknown>) => page.totalCount }]));
}

/** The page with totalCount, counted by `count` when (and only if) a client reads the field. */
export function withCount<T>(page: Page<T>, count: () => Promise<number>): Page<T> {
  let counted: Promise<number> | undefined;
  return Object.defineProperty(page, 'totalCount', { get: () => (counted ??= count()), enumerable: false });
}

export const MAX_PAGE = 100;

/** A page size the lists accept: 1 to MAX_PAGE. */
export function checkFirst(first: number): Outcome<number> {
  if (!Number.isInteger(first) || first < 1 || first > MAX_PAGE) {
    return err(refusal(CommonErrors.pageSize, `first must be from 1 to ${MAX_PAGE}; got ${first}`, { min: 1, max: MAX_PAGE, given: first }));
  }
  return ok(first);
}

const encodeCursor = (id: string) => Buffer.from(id).toString('base64url');

/** The id a cursor of a list stands for. */
export function decodeCursor(cursor: string): Outcome<string> {
  const id = Buffer.from(cursor, 'base64url').toString();
  if (!/^[0-9a-f-]{36}$/.test(id)) {
    return err(refusal(CommonErrors.cursor, `after: ${JSON.stringify(clip(cursor))} is not a cursor from this list`, { after: clip(cursor) }));
  }
  return ok(id);
}

/** A page from rows fetched newest first with one row more than asked (that row says a page follows). */
export function pageOf<R extends { id: string }, T>(rows: R[], first: number, map: (row: R) => T): Page<T> {
  const kept = rows.slice(0, first);
  const nodes = kept.map((row) => map(row));
  const last = kept.at(-1);
  return {
    nodes,
    // Most clients ask for nodes: a cursor per edge is encoded only when edges are asked for.
    get edges() {
      return kept.map((row, i) => ({ cursor: encodeCursor(row.id), node: nodes[i]! }));
    },
    pageInfo: { hasNextPage: rows.length > first, endCursor: last ? encodeCursor(last.id) : null },
  };
}

/** A list's page size and cursor, checked: the refusal is the client's (BAD_USER_INPUT with its reason). */
export function pageArgs(first: number, after: string | null | undefined): { limit: number; before: string | null } {
  return { limit: answer(checkFirst(first)), before: after ? answer(decodeCursor(after)) : null };
}
