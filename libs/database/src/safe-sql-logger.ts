import { Logger } from '@nestjs/common';
import type { Logger as TypeOrmLogger } from 'typeorm';

/**
 * TypeORM's own loggers print query parameters, which can hold personal data (names, ciphertexts,
 * id hashes). This one never does. A failed query is logged at debug level only: the error itself
 * propagates to whoever ran the query, who handles it or lets it reach the exception filter.
 */
export class SafeSqlLogger implements TypeOrmLogger {
  private readonly logger = new Logger('SQL');

  constructor(private readonly logEveryQuery: boolean) {}

  logQuery(query: string): void {
    if (this.logEveryQuery) this.logger.debug(oneLine(query));
  }

  logQueryError(error: string | Error, query: string): void {
    const message = typeof error === 'string' ? error : error.message;
    this.logger.debug(`query failed (${message}): ${oneLine(query)}`);
  }

  logQuerySlow(time: number, query: string): void {
    this.logger.warn(`slow query (${time} ms): ${oneLine(query)}`);
  }

  logSchemaBuild(message: string): void {
    this.logger.debug(message);
  }

  logMigration(message: string): void {
    this.logger.log(message);
  }

  log(level: 'log' | 'info' | 'warn', message: unknown): void {
    const text = typeof message === 'string' ? message : JSON.stringify(message);
    if (level === 'warn') this.logger.warn(text);
    else this.logger.log(text);
  }
}

function oneLine(query: string): string {
  return query.replace(/\s+/g, ' ').trim().slice(0, 500);
}
