import { ServiceMigrations } from '@aidflow/service-kit';

/** welfare-visit's migrations, oldest first (the messaging spine's run before these). */
export const MIGRATIONS: ServiceMigrations = [];
