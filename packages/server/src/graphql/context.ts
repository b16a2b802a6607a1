import type { FastifyBaseLogger, FastifyReply, FastifyRequest } from 'fastify';
import type { DataSource } from 'typeorm';
import type { AccessLoader, Viewer } from '../access/viewer.js';
import type { Config } from '../config.js';
import type { Transact } from '../db/transaction.js';
import type { Loaders } from './loaders.js';

/** What every resolver receives: the request, the database, and the caller once known. */
export interface Context {
  request: FastifyRequest;
  reply: FastifyReply;
  log: FastifyBaseLogger;
  config: Config;
  ds: DataSource;
  transact: Transact;
  /** The authenticated caller, or null. */
  viewer: Viewer | null;
  /** Why the credential the request presented was refused, if it was. */
  authProblem: string | null;
  access: AccessLoader;
  /** Per-request batch loaders (DataLoader). */
  loaders: Loaders;
}
