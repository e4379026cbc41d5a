export * from './test-env';
export * from './test-service';
export * from './service-skeleton';
export * from './event-tap';
export * from './write-routes';
export * from './hostile-input';
export * from './system';
export * from './documented-routes';
