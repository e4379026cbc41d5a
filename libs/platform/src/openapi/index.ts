export * from './api-route';
export * from './route-registry';
export * from './validated-properties';
