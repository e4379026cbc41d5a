import { NeedKind } from '@aidflow/contracts';
import { GeoPointDto } from '@aidflow/platform';
import { CashVerification, VisitRecordStatus } from '../visit.entity';

export interface VisitedBeneficiaryView {
  beneficiaryId: string;
  cash?: {
    disbursementId: string;
    amountFen: number;
    verification: CashVerification;
    problem?: string;
  };
  goods?: { itemCode: string; quantity: number }[];
  needs?: NeedKind[];
  receiptSha256?: string;
}

export interface VisitView {
  id: string;
  teamId: string;
  siteId: string;
  incidentId: string;
  orgCode: string;
  visitedAt: string;
  location?: GeoPointDto;
  notes?: string;
  status: VisitRecordStatus;
  flagReason?: string;
  beneficiaries: VisitedBeneficiaryView[];
  loggedBy: string;
  createdAt: string;
  verifiedAt?: string;
}

/** One visit's outcome in a batch sync. */
export interface VisitSyncResult {
  id: string | null;
  status: 'accepted' | 'duplicate' | 'rejected';
  /** The stored visit's status (accepted and duplicate only). */
  visitStatus?: VisitRecordStatus;
  /** Rejected for a server error, not for its content: the device should resend it as is. */
  retryable?: boolean;
  message?: string;
  details?: { field: string; problem: string }[];
}

export interface VisitBatchResult {
  results: VisitSyncResult[];
}

export interface VisitConflictView {
  id: string;
  visitId: string;
  orgCode: string;
  /** The version that was refused, as the device sent it (normalized). */
  incoming: unknown;
  receivedBy: string;
  receivedAt: string;
  /** `same_id`: this visit resent with other content; `cash_handed_over`: visit incomingVisitId took cash this visit holds. */
  kind: 'same_id' | 'cash_handed_over';
  incomingVisitId?: string;
  status: 'open' | 'resolved';
  resolution?: 'keep_existing' | 'accept_incoming';
  resolutionNote?: string;
  resolvedBy?: string;
  resolvedAt?: string;
  /** The version accept_incoming replaced, kept as history. */
  replaced?: unknown;
}
