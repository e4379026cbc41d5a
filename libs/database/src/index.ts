export * from './database.config';
export * from './migrate';
export * from './safe-sql-logger';
export * from './sql';
export * from './jobs/lease';
export * from './jobs/leased-interval-job';
export * from './jobs/1766000000000-job-leases';
