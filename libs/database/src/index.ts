export * from './database.config';
export * from './migrate';
