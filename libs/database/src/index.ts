export * from './database.config';
export * from './migrate';
export * from './safe-sql-logger';
export * from './sql';
