import { EnumField, OrgCodeField, TextField, UuidField } from '../validation/fields';

export const ALERT_RULES = [
  'approval_age',
  'delivery_age',
  'site_unvisited',
  'discrepancy',
  'dlq',
  'consumer_lag',
] as const;
export type AlertRule = (typeof ALERT_RULES)[number];

export const ALERT_SEVERITIES = ['info', 'warning', 'critical'] as const;
export type AlertSeverity = (typeof ALERT_SEVERITIES)[number];

export class AlertRaisedV1 {
  @UuidField()
  alertId!: string;

  @EnumField(ALERT_RULES)
  rule!: AlertRule;

  @EnumField(ALERT_SEVERITIES)
  severity!: AlertSeverity;

  /** e.g. "disbursement", "site", "topic", "consumer_group". */
  @TextField(64)
  subjectType!: string;

  /** Not always a UUID: a topic or consumer group name for spine alerts. */
  @TextField(300)
  subjectId!: string;

  @TextField(1000)
  message!: string;

  @UuidField({ optional: true })
  incidentId?: string;

  @OrgCodeField({ optional: true })
  orgCode?: string;
}

export class AlertClearedV1 {
  @UuidField()
  alertId!: string;

  @EnumField(ALERT_RULES)
  rule!: AlertRule;

  @TextField(300)
  subjectId!: string;
}
