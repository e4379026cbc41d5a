import { ServiceEntities } from '@aidflow/service-kit';

/**
 * Every TypeORM entity of ops-monitor (the app module and the migration CLI share this list).
 * None: the projections are maintained with commutative SQL upserts (`x = x + delta`), which
 * entities would only hide.
 */
export const ENTITIES: ServiceEntities = [];
