import type { Refusal } from '@chaman/domain';
import type { FastifyBaseLogger, FastifyReply, FastifyRequest } from 'fastify';
import type { AccessLoader, Viewer } from '../access/access-loader.js';
import type { Deps } from '../shared/use-case.js';
import type { Config } from '../config.js';
import type { Loaders } from './loaders.js';

/** What every resolver receives: the request, the database, and the caller once known. */
export interface Context {
  request: FastifyRequest;
  reply: FastifyReply;
  log: FastifyBaseLogger;
  config: Config;
  /** The authenticated caller, or null. */
  viewer: Viewer | null;
  /** Why the credential the request presented was refused, if it was. */
  authProblem: Refusal | null;
  access: AccessLoader;
  /** Per-request batch loaders (DataLoader). */
  loaders: Loaders;
  /** What the use cases run with, for this request. */
  deps: Deps;
}
