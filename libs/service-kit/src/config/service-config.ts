import { BaseServiceConfig } from '@aidflow/platform';

/** What the kit needs from a service's config: the shared settings plus its own schema. */
export type ServiceKitConfig = BaseServiceConfig & { DB_SCHEMA: string };

/** Injection token of the service's typed, validated config object. */
export const SERVICE_CONFIG = Symbol('SERVICE_CONFIG');
