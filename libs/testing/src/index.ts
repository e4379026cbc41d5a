export * from './test-env';
export * from './test-service';
export * from './service-skeleton';
