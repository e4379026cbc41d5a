import { EnumField, OrgCodeField, TextField, UuidField } from '../validation/fields';

/** The rules alert.raised/cleared v1 could name (frozen: v1 messages still parse). */
export const ALERT_RULES_V1 = [
  'approval_age',
  'delivery_age',
  'site_unvisited',
  'discrepancy',
  'dlq',
  'consumer_lag',
] as const;
export type AlertRuleV1 = (typeof ALERT_RULES_V1)[number];

/** v2 adds cash advances left unsettled and failed payment verifications (frozen). */
export const ALERT_RULES_V2 = [...ALERT_RULES_V1, 'advance_age', 'verification'] as const;
export type AlertRuleV2 = (typeof ALERT_RULES_V2)[number];

/** v3 adds grievances left open past their due time. */
export const ALERT_RULES = [...ALERT_RULES_V2, 'grievance_overdue'] as const;
export type AlertRule = (typeof ALERT_RULES)[number];

export const ALERT_SEVERITIES = ['info', 'warning', 'critical'] as const;
export type AlertSeverity = (typeof ALERT_SEVERITIES)[number];

export class AlertRaisedV1 {
  @UuidField()
  alertId!: string;

  @EnumField(ALERT_RULES_V1)
  rule!: AlertRuleV1;

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

  @EnumField(ALERT_RULES_V1)
  rule!: AlertRuleV1;

  @TextField(300)
  subjectId!: string;
}

/** v2: the same fields, with the rules of ALERT_RULES_V2 (advance_age, verification). */
export class AlertRaisedV2 {
  @UuidField()
  alertId!: string;

  @EnumField(ALERT_RULES_V2)
  rule!: AlertRuleV2;

  @EnumField(ALERT_SEVERITIES)
  severity!: AlertSeverity;

  @TextField(64)
  subjectType!: string;

  @TextField(300)
  subjectId!: string;

  @TextField(1000)
  message!: string;

  @UuidField({ optional: true })
  incidentId?: string;

  @OrgCodeField({ optional: true })
  orgCode?: string;
}

export class AlertClearedV2 {
  @UuidField()
  alertId!: string;

  @EnumField(ALERT_RULES_V2)
  rule!: AlertRuleV2;

  @TextField(300)
  subjectId!: string;
}

/** v3: the same fields, with the rules of ALERT_RULES (grievance_overdue). */
export class AlertRaisedV3 {
  @UuidField()
  alertId!: string;

  @EnumField(ALERT_RULES)
  rule!: AlertRule;

  @EnumField(ALERT_SEVERITIES)
  severity!: AlertSeverity;

  @TextField(64)
  subjectType!: string;

  @TextField(300)
  subjectId!: string;

  @TextField(1000)
  message!: string;

  @UuidField({ optional: true })
  incidentId?: string;

  @OrgCodeField({ optional: true })
  orgCode?: string;
}

export class AlertClearedV3 {
  @UuidField()
  alertId!: string;

  @EnumField(ALERT_RULES)
  rule!: AlertRule;

  @TextField(300)
  subjectId!: string;
}
