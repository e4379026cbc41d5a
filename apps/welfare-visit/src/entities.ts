import { ServiceEntities } from '@aidflow/service-kit';

/** Every TypeORM entity of welfare-visit (the app module and the migration CLI share this list). */
export const ENTITIES: ServiceEntities = [];
