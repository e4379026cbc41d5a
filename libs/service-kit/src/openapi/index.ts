export * from './print-document';
export * from './service-document';
