import {
  CountField,
  EnumField,
  FenField,
  OrgCodeField,
  TextField,
  UserIdField,
  UuidField,
} from '../validation/fields';

export const VERIFICATION_OUTCOMES = ['received', 'not_received', 'received_with_issues'] as const;
export type VerificationOutcome = (typeof VERIFICATION_OUTCOMES)[number];

/** The outcomes that open a grievance (payment verification). */
export const VERIFICATION_PROBLEMS = ['not_received', 'received_with_issues'] as const;
export type VerificationProblem = (typeof VERIFICATION_PROBLEMS)[number];

/** A random sample of a fund's delivered disbursements was drawn for re-contacting recipients. */
export class VerificationDrawnV1 {
  @UuidField()
  verificationId!: string;

  @UuidField()
  fundId!: string;

  @UuidField({ optional: true })
  siteId?: string;

  @CountField(1, 1_000_000_000)
  populationSize!: number;

  @CountField(1, 1_000_000_000)
  sampleSize!: number;

  /** The seed the sample was drawn from (the same seed and population give the same sample). */
  @TextField(200)
  seed!: string;

  @UserIdField()
  drawnBy!: string;

  @OrgCodeField()
  orgCode!: string;

  @UuidField({ optional: true })
  incidentId?: string;
}

/** A re-contacted recipient did not receive the money, or received it with issues: a grievance to open. */
export class VerificationDiscrepancyV1 {
  @UuidField()
  verificationId!: string;

  @UuidField()
  disbursementId!: string;

  @UuidField()
  beneficiaryId!: string;

  @UuidField()
  fundId!: string;

  @EnumField(VERIFICATION_PROBLEMS)
  outcome!: VerificationProblem;

  @FenField(1)
  expectedAmountFen!: number;

  @FenField(0, { optional: true })
  receivedAmountFen?: number;

  @UserIdField()
  recordedBy!: string;

  @OrgCodeField()
  orgCode!: string;

  @UuidField({ optional: true })
  incidentId?: string;
}
