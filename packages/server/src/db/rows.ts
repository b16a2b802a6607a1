/**
 * Instants are stored as milliseconds since the epoch in bigint columns; PostgreSQL's driver
 * returns bigint as a string, SQLite's a number.
 */
export const toDate = (v: unknown): Date => new Date(Number(v));
export const toDateOrNull = (v: unknown): Date | null => (v === null || v === undefined ? null : new Date(Number(v)));
