import { ServiceEntities } from '@aidflow/service-kit';

/** Every TypeORM entity of incident-intake (the app module and the migration CLI share this list). */
export const ENTITIES: ServiceEntities = [];
