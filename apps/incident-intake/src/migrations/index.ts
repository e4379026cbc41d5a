import { ServiceMigrations } from '@aidflow/service-kit';
import { CreateOrgsIncidentsSitesBeneficiaries1764200000100 } from './1764200000100-create-orgs-incidents-sites-beneficiaries';
import { HouseholdFileAndRelapseMonitoring1764900000100 } from './1764900000100-household-file-and-relapse-monitoring';
import { Grievances1764900000200 } from './1764900000200-grievances';

/** incident-intake's migrations, oldest first (the messaging spine's run before these). */
export const MIGRATIONS: ServiceMigrations = [
  CreateOrgsIncidentsSitesBeneficiaries1764200000100,
  HouseholdFileAndRelapseMonitoring1764900000100,
  Grievances1764900000200,
];
