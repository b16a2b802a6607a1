import { AsyncLocalStorage } from 'node:async_hooks';
import { AbstractLogger, type LogLevel, type LogMessage } from 'typeorm';

/** Per-request count of SQL statements, for tests and the benchmark (x-sql-statements header). */
export const statementScope = new AsyncLocalStorage<{ statements: number }>();

/** Counts one statement for the current request, if its statements are being counted. */
export function countStatement(): void {
  const scope = statementScope.getStore();
  if (scope) scope.statements++;
}

/** A TypeORM logger that logs nothing and counts the statements of the current request. */
export class StatementCounter extends AbstractLogger {
  override logQuery(): void {
    countStatement();
  }
  protected writeLog(_level: LogLevel, _message: LogMessage | LogMessage[]): void {}
}
