// Public surface of @aidflow/exports: streamed CSV/XLSX exports from a database cursor, in the caller's language.
export * from './export-language';
export * from './export-columns';
export * from './export-query';
export * from './cursor-rows';
export * from './send-export';
