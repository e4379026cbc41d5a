export * from './lock-order';
export * from './write-transaction';
export * from './unit-of-work';
