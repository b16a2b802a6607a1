import type { EntityManager } from 'typeorm';

/** A unit of work on TypeORM's manager: Db.transact for code that writes through entities only. */
export type Transact = <T>(work: (em: EntityManager) => Promise<T>) => Promise<T>;
