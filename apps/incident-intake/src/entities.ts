import { ServiceEntities } from '@aidflow/service-kit';
import { Beneficiary } from './beneficiaries/beneficiary.entity';
import { Incident } from './incidents/incident.entity';
import { Org } from './orgs/org.entity';
import { Site } from './sites/site.entity';

/** Every TypeORM entity of incident-intake (the app module and the migration CLI share this list). */
export const ENTITIES: ServiceEntities = [Org, Incident, Site, Beneficiary];
