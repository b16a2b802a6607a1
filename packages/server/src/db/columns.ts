import type { ValueTransformer } from 'typeorm';

/**
 * Instants are stored as milliseconds since the epoch in a bigint column: the same type, the same
 * comparisons and the same index behaviour on SQLite and PostgreSQL (whose driver returns bigint
 * as a string).
 */
export const epochMs: ValueTransformer = {
  to: (value: Date | null | undefined) => (value instanceof Date ? value.getTime() : value),
  from: (value: string | number | null) => (value === null || value === undefined ? null : new Date(Number(value))),
};

export const timeColumn = { type: 'bigint', transformer: epochMs } as const;
