export * from './api-error';
export * from './client';
export type { components, operations, paths } from './generated/openapi';
import type { components } from './generated/openapi';

/** The documented schemas by name, e.g. `Schemas['DisbursementView']`. */
export type Schemas = components['schemas'];
