import { ServiceEntities } from '@aidflow/service-kit';
import { BeneficiaryReplica } from './replicas/beneficiaries/beneficiary-replica.entity';
import { DisbursementReplica } from './replicas/disbursements/disbursement-replica.entity';
import { FollowUp } from './follow-ups/follow-up.entity';
import { IncidentReplica } from './replicas/incidents/incident-replica.entity';
import { SiteReplica } from './replicas/sites/site-replica.entity';
import { Team } from './teams/team.entity';
import { VisitConflict } from './visits/visit-conflict.entity';
import { Visit, VisitBeneficiary, VisitCashLine, VisitGoodsLine } from './visits/visit.entity';

/** Every TypeORM entity of welfare-visit (the app module and the migration CLI share this list). */
export const ENTITIES: ServiceEntities = [
  IncidentReplica,
  SiteReplica,
  BeneficiaryReplica,
  DisbursementReplica,
  Team,
  Visit,
  VisitBeneficiary,
  VisitCashLine,
  VisitGoodsLine,
  VisitConflict,
  FollowUp,
];
