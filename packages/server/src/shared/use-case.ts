import { asRefusal, err, ok, type DomainError, type Refusal, type Result } from '@chaman/domain';
import type { AccessLoader, Viewer } from '../access/access-loader.js';
import type { Config } from '../config.js';
import type { Db } from '../db/database.js';

/**
 * What a use case runs with: the database, the caller, a clock and where the request came from.
 * Built once per request by whichever edge calls it (GraphQL, the token route, a script); nothing
 * here knows about GraphQL or HTTP.
 */
export interface Deps {
  db: Db;
  config: Config;
  /** The authenticated caller, or null. */
  viewer: Viewer | null;
  /** Why the credential the request presented was refused, if it was. */
  authProblem: Refusal | null;
  /** The caller's roles and the companies this request touched, each read once. */
  access: AccessLoader;
  now(): Date;
  /** Where the request came from, for rate limits and the audit log. */
  origin: { ip: string | null; userAgent: string | null };
}

/** A use case's outcome: its value, or why it said no. */
export type Outcome<T> = Result<T, Refusal>;

/** Thrown inside a use case (and its transaction, which it rolls back) to say no. */
export class Refused extends Error {
  constructor(readonly refusal: Refusal) {
    super(refusal.message);
  }
}

export function refuse(refusal: Refusal): never {
  throw new Refused(refusal);
}

/** The value of a domain check, or a refusal with its code and params. */
export function must<T>(result: Result<T, DomainError>): T {
  if (result.ok) return result.value;
  throw new Refused(asRefusal(result.error));
}

/**
 * Runs a use case's work: its value as ok, a refusal as err. Anything else (a lost connection, a
 * bug) stays an exception: it is not the caller's doing and is answered as an internal error.
 */
export async function decide<T>(work: () => Promise<T>): Promise<Outcome<T>> {
  try {
    return ok(await work());
  } catch (error) {
    if (error instanceof Refused) return err(error.refusal);
    throw error;
  }
}
