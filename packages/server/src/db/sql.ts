/** The databases the server runs on. */
export type Dialect = 'postgres' | 'sqlite';

type Chunk = { text: string } | { value: unknown } | { choice: Record<Dialect, Sql> };

/**
 * A statement, or a piece of one, with its values kept apart from its text. Written once for both
 * databases: the placeholders are numbered for the database in use when the statement runs
 * ($1, $2 ... on PostgreSQL, ? on SQLite), and the few constructs the two spell differently are
 * chosen there too (`sql.either` and the helpers below). Nowhere else in the server does code ask
 * which database it runs on.
 */
export class Sql {
  /** @internal */
  constructor(readonly chunks: readonly Chunk[]) {}

  /** The text for `dialect` and its parameters in order. */
  render(dialect: Dialect): { text: string; params: unknown[] } {
    const params: unknown[] = [];
    let text = '';
    const walk = (chunks: readonly Chunk[]) => {
      for (const chunk of chunks) {
        if ('text' in chunk) text += chunk.text;
        else if ('value' in chunk) {
          params.push(chunk.value);
          text += dialect === 'postgres' ? `$${params.length}` : '?';
        } else walk(chunk.choice[dialect].chunks);
      }
    };
    walk(this.chunks);
    return { text, params };
  }
}

/**
 * sql`SELECT ... WHERE id = ${id}`: every interpolated value becomes a parameter, every interpolated
 * Sql is spliced in as it is.
 */
export function sql(strings: TemplateStringsArray, ...values: unknown[]): Sql {
  const chunks: Chunk[] = [];
  strings.forEach((text, i) => {
    if (text) chunks.push({ text });
    if (i < values.length) {
      const value = values[i];
      if (value instanceof Sql) chunks.push(...value.chunks);
      else chunks.push({ value });
    }
  });
  return new Sql(chunks);
}

/** Text taken as it is: identifiers and keywords chosen by the code, never the caller's input. */
sql.raw = (text: string): Sql => new Sql([{ text }]);

/** The pieces joined by `separator`. */
sql.join = (pieces: readonly Sql[], separator = ', '): Sql =>
  new Sql(pieces.flatMap((piece, i) => (i === 0 ? piece.chunks : [{ text: separator }, ...piece.chunks])));

/** One parameter per value, comma-separated: for IN (...). */
sql.list = (values: readonly unknown[]): Sql => sql.join(values.map((value) => new Sql([{ value }])));

/** A construct the two databases spell differently. */
sql.either = (spellings: Record<Dialect, Sql>): Sql => new Sql([{ choice: spellings }]);

/** The values of `expression` over a subquery's rows as one text, separated by `separator`. */
sql.joinedText = (expression: Sql, separator = ',', sorted = false): Sql => {
  const order = sorted ? sql` ORDER BY ${expression}` : sql``;
  return sql.either({
    postgres: sql`string_agg(${expression}, '${sql.raw(separator)}'${order})`,
    sqlite: sql`group_concat(${expression}, '${sql.raw(separator)}'${order})`,
  });
};

/** A JSON object built from `pairs` of key and column expression. */
sql.jsonObject = (pairs: readonly [string, Sql][]): Sql => {
  const body = sql.join(pairs.map(([key, value]) => sql`'${sql.raw(key)}', ${value}`));
  return sql.either({ postgres: sql`json_build_object(${body})`, sqlite: sql`json_object(${body})` });
};

/**
 * FOR UPDATE on PostgreSQL (the rows stay locked until commit); nothing on SQLite, whose writer
 * holds the whole database from BEGIN IMMEDIATE on.
 */
sql.forUpdate = (): Sql => sql.either({ postgres: sql` FOR UPDATE`, sqlite: sql`` });

/** The items of a joinedText column (none when the subquery had no rows). */
export function splitJoined(value: unknown, separator = ','): string[] {
  return typeof value === 'string' && value !== '' ? value.split(separator) : [];
}
