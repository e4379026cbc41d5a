import { AuditService } from '@aidflow/audit';
import { AuthUser, ScopeService } from '@aidflow/auth';
import {
  ALERT_RULES,
  AlertRule,
  AlertSeverity,
  DiscrepancyKind,
  EventPayloads,
} from '@aidflow/contracts';
import { updateReturning } from '@aidflow/database';
import { OutboxService } from '@aidflow/messaging';
import { badRequest, conflict, MetricsService, notFound } from '@aidflow/platform';
import { SERVICE_CONFIG } from '@aidflow/service-kit';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { OpsConfig } from '../config/ops.config';
import { LagReport, LagService } from '../lag/lag.service';
import { ACKNOWLEDGED_RULES, AlertCondition, diffAlerts, yuan } from './alert-conditions';
import { ListAlertsQuery } from './dto/list-alerts.query';

export interface AlertView {
  id: string;
  rule: AlertRule;
  severity: AlertSeverity;
  subjectType: string;
  subjectId: string;
  message: string;
  incidentId: string | null;
  orgCode: string | null;
  raisedAt: string;
  clearedAt: string | null;
  clearedBy: string | null;
  active: boolean;
}

export interface AlertPage {
  items: AlertView[];
  nextCursor: string | null;
}

export interface Evaluation {
  raised: AlertView[];
  cleared: AlertView[];
  /** Rules whose condition could not be checked this time (their alerts were left as they were). */
  skipped: AlertRule[];
}

export interface DlqRecord {
  topic: string;
  partition: number;
  offset: string;
  originTopic: string | null;
  reason: string | null;
  error: string | null;
  consumerGroup: string | null;
  eventType: string | null;
  failedAt: string | null;
  /** The message as received (kept for replay), its key and event id header. */
  value: Buffer | null;
  key: string | null;
  eventId: string | null;
}

interface AlertRow {
  id: string;
  rule: AlertRule;
  severity: AlertSeverity;
  subject_type: string;
  subject_id: string;
  message: string;
  incident_id: string | null;
  org_code: string | null;
  raised_at: Date;
  cleared_at: Date | null;
  cleared_by: string | null;
}

const ALERT_COLUMNS = `id, rule, severity, subject_type, subject_id, message, incident_id, org_code, raised_at, cleared_at, cleared_by`;
const EVALUATOR = 'evaluator';

/**
 * Alerts: each an `alert` row and an alert.raised / alert.cleared event written in the same
 * transaction. At most one active alert per rule and subject (a partial unique index), so
 * concurrent raisers (the evaluator, the consumers, several replicas) cannot duplicate one.
 */
@Injectable()
export class AlertsService {
  private readonly logger = new Logger('Alerts');

  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: OutboxService,
    private readonly audit: AuditService,
    private readonly scope: ScopeService,
    private readonly lag: LagService,
    @Inject(SERVICE_CONFIG) private readonly config: OpsConfig,
    metrics: MetricsService,
  ) {
    const dataSourceRef = this.dataSource;
    metrics.gauge('aidflow_alerts_active', 'Active alerts by rule', ['rule'], async function () {
      const rows = await dataSourceRef.query<{ rule: string; n: number }[]>(
        `SELECT rule, count(*)::int AS n FROM alert WHERE cleared_at IS NULL GROUP BY rule`,
      );
      const counts = new Map(rows.map((r) => [r.rule, r.n]));
      for (const rule of ALERT_RULES) this.set({ rule }, counts.get(rule) ?? 0);
    });
  }

  /** Raises the alert unless one is already active for this rule and subject; true when raised. */
  async raise(
    manager: EntityManager,
    condition: AlertCondition,
    now: Date = new Date(),
  ): Promise<AlertView | null> {
    const [row] = await manager.query<AlertRow[]>(
      `INSERT INTO alert (id, rule, severity, subject_type, subject_id, message, incident_id, org_code, raised_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
       ON CONFLICT (rule, subject_id) WHERE cleared_at IS NULL DO NOTHING
       RETURNING ${ALERT_COLUMNS}`,
      [
        randomUUID(),
        condition.rule,
        condition.severity,
        condition.subjectType,
        condition.subjectId,
        condition.message,
        condition.incidentId,
        condition.orgCode,
        now,
      ],
    );
    if (!row) return null;
    await this.outbox.publish(manager, 'alert.raised', row.id, {
      alertId: row.id,
      rule: row.rule,
      severity: row.severity,
      subjectType: row.subject_type,
      subjectId: row.subject_id,
      message: row.message,
      ...(row.incident_id ? { incidentId: row.incident_id } : {}),
      ...(row.org_code ? { orgCode: row.org_code } : {}),
    });
    return toView(row);
  }

  /** Clears an active alert; null when it was cleared already (by someone else, meanwhile). */
  async clear(
    manager: EntityManager,
    alertId: string,
    clearedBy: string,
    now: Date = new Date(),
  ): Promise<AlertView | null> {
    const [row] = await updateReturning<AlertRow>(
      manager,
      `UPDATE alert SET cleared_at = $2, cleared_by = $3 WHERE id = $1 AND cleared_at IS NULL
        RETURNING ${ALERT_COLUMNS}`,
      [alertId, now, clearedBy],
    );
    if (!row) return null;
    await this.outbox.publish(manager, 'alert.cleared', row.id, {
      alertId: row.id,
      rule: row.rule,
      subjectId: row.subject_id,
    });
    return toView(row);
  }

  discrepancyCondition(d: {
    eventId: string;
    kind: DiscrepancyKind;
    /** Fen or items: a number, or pg's bigint text read back as-is (never rounded through a double). */
    expected: number | string;
    actual: number | string;
    orgCode: string;
    incidentId: string | null;
  }): AlertCondition {
    const figures =
      d.kind === 'cash'
        ? `expected ¥${yuan(d.expected)}, handed over ¥${yuan(d.actual)}`
        : `expected ${d.expected} items, handed over ${d.actual}`;
    return {
      rule: 'discrepancy',
      severity: 'critical',
      subjectType: 'discrepancy',
      subjectId: d.eventId,
      message: `${d.kind} discrepancy at ${d.orgCode}: ${figures}`,
      incidentId: d.incidentId,
      orgCode: d.orgCode,
    };
  }

  /** One alert per failed verification item (the event id), acknowledged by an operator. */
  verificationCondition(
    eventId: string,
    d: EventPayloads['verification.discrepancy'],
  ): AlertCondition {
    const what =
      d.outcome === 'not_received' ? 'says it was not received' : 'was received with issues';
    return {
      rule: 'verification',
      severity: 'critical',
      subjectType: 'verification',
      subjectId: eventId,
      message: `verification at ${d.orgCode}: a payment of ¥${yuan(d.expectedAmountFen)} ${what} (disbursement ${d.disbursementId})`,
      incidentId: d.incidentId ?? null,
      orgCode: d.orgCode,
    };
  }

  /** One alert per overdue grievance (raised from grievance.overdue, cleared by grievance.closed). */
  grievanceOverdueCondition(d: EventPayloads['grievance.overdue']): AlertCondition {
    const sensitive = d.category === 'sensitive';
    return {
      rule: 'grievance_overdue',
      severity: sensitive ? 'critical' : 'warning',
      subjectType: 'grievance',
      subjectId: d.grievanceId,
      // Category and dates only: the description stays in intake.
      message: `${sensitive ? 'sensitive ' : ''}grievance ${d.grievanceId} at ${d.orgCode} (${d.category}) open since ${d.openedAt.slice(0, 10)} is overdue (due ${d.dueAt})`,
      incidentId: d.incidentId,
      orgCode: d.orgCode,
    };
  }

  /** Clears the active alert of a rule and subject, if there is one. */
  async clearFor(
    manager: EntityManager,
    rule: AlertRule,
    subjectId: string,
    clearedBy: string,
  ): Promise<AlertView | null> {
    const [active] = await manager.query<{ id: string }[]>(
      `SELECT id FROM alert WHERE rule = $1 AND subject_id = $2 AND cleared_at IS NULL FOR UPDATE`,
      [rule, subjectId],
    );
    return active ? this.clear(manager, active.id, clearedBy) : null;
  }

  dlqCondition(topic: string, messages: number): AlertCondition {
    return {
      rule: 'dlq',
      severity: 'critical',
      subjectType: 'topic',
      subjectId: topic,
      message: `${messages} dead-lettered message(s) on ${topic} not yet looked at`,
      incidentId: null,
      orgCode: null,
    };
  }

  /** Records one dead-lettered message (once per topic/partition/offset) and raises the topic's alert. */
  async recordDlq(message: DlqRecord, now: Date = new Date()): Promise<boolean> {
    return this.dataSource.transaction(async (manager) => {
      const inserted = await manager.query<unknown[]>(
        `INSERT INTO dlq_message (topic, partition, "offset", origin_topic, reason, error, consumer_group, event_type, failed_at, received_at, value, message_key, event_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) ON CONFLICT DO NOTHING RETURNING topic`,
        [
          message.topic,
          message.partition,
          message.offset,
          pgText(message.originTopic, 300),
          pgText(message.reason, 100),
          // Handler and parse errors can quote payload bytes (a NUL too); keep only the start.
          pgText(message.error, 500),
          pgText(message.consumerGroup, 300),
          pgText(message.eventType, 200),
          message.failedAt && !Number.isNaN(Date.parse(message.failedAt)) ? message.failedAt : null,
          now,
          message.value,
          message.key?.replace(/\0/g, '').slice(0, 300) ?? null,
          message.eventId?.replace(/\0/g, '').slice(0, 100) ?? null,
        ],
      );
      if (inserted.length === 0) return false;
      const [count] = await manager.query<{ n: number }[]>(
        `SELECT count(*)::int AS n FROM dlq_message WHERE topic = $1 AND acknowledged_at IS NULL`,
        [message.topic],
      );
      await this.raise(manager, this.dlqCondition(message.topic, count?.n ?? 1), now);
      return true;
    });
  }

  /**
   * Brings the active alerts in line with the conditions that hold at `now`: raises the missing
   * ones, clears those whose condition is gone. Idempotent; tests pass `now` to move time.
   */
  async evaluate(now: Date = new Date()): Promise<Evaluation> {
    let lag: LagReport | undefined;
    try {
      lag = await this.lag.compute(now);
    } catch (error) {
      // Without the broker the lag rule cannot be judged: keep its alerts rather than clear them.
      this.logger.warn(
        `lag not available for alerting: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
    return this.dataSource.transaction(async (manager) => {
      await manager.query(
        `SELECT pg_advisory_xact_lock(hashtext(current_schema() || '.alert_evaluation'))`,
      );
      const holding = [
        ...(await this.approvalAgeConditions(manager, now)),
        ...(await this.deliveryAgeConditions(manager, now)),
        ...(await this.advanceAgeConditions(manager, now)),
        ...(await this.verificationConditions(manager)),
        ...(await this.eventDrivenConditions(manager, 'grievance_overdue')),
        ...(await this.siteUnvisitedConditions(manager, now)),
        ...(await this.discrepancyConditions(manager)),
        ...(await this.dlqConditions(manager)),
        ...(lag ? this.lagConditions(lag) : []),
      ];
      const skipped: AlertRule[] = lag ? [] : ['consumer_lag'];
      const rules = ALERT_RULES.filter((r) => !skipped.includes(r));
      const active = (
        await manager.query<AlertRow[]>(
          `SELECT ${ALERT_COLUMNS} FROM alert WHERE cleared_at IS NULL AND rule = ANY($1::text[]) FOR UPDATE`,
          [rules],
        )
      ).map(toView);
      const diff = diffAlerts(active, holding);
      const raised: AlertView[] = [];
      for (const condition of diff.raise) {
        const alert = await this.raise(manager, condition, now);
        if (alert) raised.push(alert);
      }
      const cleared: AlertView[] = [];
      for (const alert of diff.clear) {
        const done = await this.clear(manager, alert.id, EVALUATOR, now);
        if (done) cleared.push(done);
      }
      return { raised, cleared, skipped };
    });
  }

  async list(user: AuthUser, query: ListAlertsQuery): Promise<AlertPage> {
    const limit = query.limit ?? 50;
    const params: unknown[] = [await this.scope.subtreeCodes(user)];
    // Spine alerts (DLQ, lag) belong to no org: everyone allowed here sees them.
    const conditions = [`(org_code IS NULL OR org_code = ANY($1::text[]))`];
    if (query.active !== undefined)
      conditions.push(query.active === 'true' ? `cleared_at IS NULL` : `cleared_at IS NOT NULL`);
    if (query.rule) conditions.push(`rule = $${params.push(query.rule)}`);
    if (query.incidentId) conditions.push(`incident_id = $${params.push(query.incidentId)}`);
    if (query.cursor) {
      const cursor = decodeCursor(query.cursor);
      conditions.push(
        `(raised_at, id) < ($${params.push(cursor.raisedAt)}::timestamptz, $${params.push(cursor.id)}::uuid)`,
      );
    }
    const rows = await this.dataSource.query<AlertRow[]>(
      `SELECT ${ALERT_COLUMNS} FROM alert WHERE ${conditions.join(' AND ')}
       ORDER BY raised_at DESC, id DESC LIMIT $${params.push(limit + 1)}`,
      params,
    );
    const items = rows.slice(0, limit).map(toView);
    const last = items[items.length - 1];
    return { items, nextCursor: rows.length > limit && last ? encodeCursor(last) : null };
  }

  /** Active alerts of an incident (for its summary; read through its transaction when given). */
  async activeForIncident(
    incidentId: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<AlertView[]> {
    const rows = await manager.query<AlertRow[]>(
      `SELECT ${ALERT_COLUMNS} FROM alert WHERE cleared_at IS NULL AND (incident_id = $1 OR incident_id IS NULL)
       ORDER BY raised_at DESC, id DESC LIMIT 200`,
      [incidentId],
    );
    return rows.map(toView);
  }

  /**
   * An operator has looked at a discrepancy or the dead letters of a topic: marks them seen and
   * clears the alert, with an audit row, in one transaction. Other rules clear themselves.
   */
  async acknowledge(user: AuthUser, alertId: string): Promise<AlertView> {
    return this.dataSource.transaction(async (manager) => {
      const [row] = await manager.query<AlertRow[]>(
        `SELECT ${ALERT_COLUMNS} FROM alert WHERE id = $1 FOR UPDATE`,
        [alertId],
      );
      if (!row) throw notFound('alert');
      if (row.org_code)
        await this.scope.assertCanRead(user, row.org_code, manager, 'alert not found');
      if (row.cleared_at) throw conflict('the alert is already cleared');
      if (!ACKNOWLEDGED_RULES.includes(row.rule)) {
        throw conflict(`a ${row.rule} alert clears itself when its condition no longer holds`);
      }
      const now = new Date();
      if (row.rule === 'discrepancy') {
        await manager.query(
          `UPDATE discrepancy SET acknowledged_at = $2 WHERE event_id::text = $1 AND acknowledged_at IS NULL`,
          [row.subject_id, now],
        );
      } else if (row.rule === 'dlq') {
        await manager.query(
          `UPDATE dlq_message SET acknowledged_at = $2 WHERE topic = $1 AND acknowledged_at IS NULL`,
          [row.subject_id, now],
        );
      }
      const cleared = await this.clear(manager, row.id, user.sub, now);
      if (!cleared) throw conflict('the alert is already cleared');
      await this.audit.record(manager, {
        action: 'alert.acknowledge',
        targetType: 'alert',
        targetId: row.id,
        orgCode: row.org_code ?? undefined,
        summary: { rule: row.rule, subjectId: row.subject_id },
      });
      return cleared;
    });
  }

  private async approvalAgeConditions(
    manager: EntityManager,
    now: Date,
  ): Promise<AlertCondition[]> {
    const rows = await manager.query<
      {
        disbursement_id: string;
        org_code: string;
        incident_id: string | null;
        amount_fen: string | null;
        hours: number;
      }[]
    >(
      `SELECT disbursement_id, org_code, incident_id, amount_fen,
              floor(extract(epoch FROM ($1::timestamptz - requested_at)) / 3600)::int AS hours
         FROM disbursement_view
        WHERE requested_at IS NOT NULL AND approved_at IS NULL AND rejected_at IS NULL
          AND cancelled_at IS NULL AND delivered_at IS NULL
          AND requested_at < $1::timestamptz - make_interval(hours => $2)`,
      [now, this.config.ALERT_APPROVAL_AGE_H],
    );
    return rows.map((r) => ({
      rule: 'approval_age',
      severity: 'warning',
      subjectType: 'disbursement',
      subjectId: r.disbursement_id,
      message: `disbursement of ¥${yuan(r.amount_fen ?? 0)} at ${r.org_code} has waited ${r.hours} h for approval`,
      incidentId: r.incident_id,
      orgCode: r.org_code,
    }));
  }

  private async advanceAgeConditions(manager: EntityManager, now: Date): Promise<AlertCondition[]> {
    const rows = await manager.query<
      {
        advance_id: string;
        org_code: string;
        incident_id: string | null;
        outstanding_fen: string | null;
        days: number;
      }[]
    >(
      `SELECT advance_id, org_code, incident_id, outstanding_fen,
              floor(extract(epoch FROM ($1::timestamptz - issued_at)) / 86400)::int AS days
         FROM advance_view
        WHERE status = 'issued' AND issued_at < $1::timestamptz - make_interval(days => $2)`,
      [now, this.config.ALERT_ADVANCE_AGE_D],
    );
    return rows.map((r) => ({
      rule: 'advance_age',
      severity: 'warning',
      subjectType: 'advance',
      subjectId: r.advance_id,
      message: `cash advance at ${r.org_code} issued ${r.days} days ago is not settled (¥${yuan(r.outstanding_fen ?? 0)} outstanding)`,
      incidentId: r.incident_id,
      orgCode: r.org_code,
    }));
  }

  /** Verification alerts stay until acknowledged: keep the active ones holding. */
  /** Alerts raised and cleared by events alone: they hold until their event clears them. */
  private async eventDrivenConditions(
    manager: EntityManager,
    rule: AlertRule,
  ): Promise<AlertCondition[]> {
    const rows = await manager.query<AlertRow[]>(
      `SELECT ${ALERT_COLUMNS} FROM alert WHERE rule = $1 AND cleared_at IS NULL`,
      [rule],
    );
    return rows.map((r) => ({
      rule,
      severity: r.severity,
      subjectType: r.subject_type,
      subjectId: r.subject_id,
      message: r.message,
      incidentId: r.incident_id,
      orgCode: r.org_code,
    }));
  }

  private async verificationConditions(manager: EntityManager): Promise<AlertCondition[]> {
    const rows = await manager.query<AlertRow[]>(
      `SELECT ${ALERT_COLUMNS} FROM alert WHERE rule = 'verification' AND cleared_at IS NULL`,
    );
    return rows.map((r) => ({
      rule: 'verification',
      severity: r.severity,
      subjectType: r.subject_type,
      subjectId: r.subject_id,
      message: r.message,
      incidentId: r.incident_id,
      orgCode: r.org_code,
    }));
  }

  private async deliveryAgeConditions(
    manager: EntityManager,
    now: Date,
  ): Promise<AlertCondition[]> {
    const rows = await manager.query<
      {
        disbursement_id: string;
        org_code: string;
        incident_id: string | null;
        amount_fen: string | null;
        days: number;
      }[]
    >(
      `SELECT disbursement_id, org_code, incident_id, amount_fen,
              floor(extract(epoch FROM ($1::timestamptz - approved_at)) / 86400)::int AS days
         FROM disbursement_view
        WHERE approved_at IS NOT NULL AND delivered_at IS NULL AND rejected_at IS NULL AND cancelled_at IS NULL
          AND approved_at < $1::timestamptz - make_interval(days => $2)`,
      [now, this.config.ALERT_DELIVERY_AGE_D],
    );
    return rows.map((r) => ({
      rule: 'delivery_age',
      severity: 'warning',
      subjectType: 'disbursement',
      subjectId: r.disbursement_id,
      message: `approved disbursement of ¥${yuan(r.amount_fen ?? 0)} at ${r.org_code} not delivered after ${r.days} days`,
      incidentId: r.incident_id,
      orgCode: r.org_code,
    }));
  }

  private async siteUnvisitedConditions(
    manager: EntityManager,
    now: Date,
  ): Promise<AlertCondition[]> {
    const rows = await manager.query<
      { site_id: string; name: string; org_code: string; incident_id: string; hours: number }[]
    >(
      `SELECT s.site_id, s.name, s.org_code, s.incident_id,
              floor(extract(epoch FROM ($1::timestamptz - s.registered_at)) / 3600)::int AS hours
         FROM site_view s LEFT JOIN incident_view i ON i.incident_id = s.incident_id
        WHERE s.registered_at < $1::timestamptz - make_interval(hours => $2)
          AND (i.status IS NULL OR i.status <> 'closed')
          AND NOT EXISTS (SELECT 1 FROM visit_view v WHERE v.site_id = s.site_id)`,
      [now, this.config.ALERT_SITE_UNVISITED_H],
    );
    return rows.map((r) => ({
      rule: 'site_unvisited',
      severity: 'warning',
      subjectType: 'site',
      subjectId: r.site_id,
      message: `site "${r.name}" has had no visit ${r.hours} h after registration`,
      incidentId: r.incident_id,
      orgCode: r.org_code,
    }));
  }

  private async discrepancyConditions(manager: EntityManager): Promise<AlertCondition[]> {
    const rows = await manager.query<
      {
        event_id: string;
        kind: DiscrepancyKind;
        expected: string;
        actual: string;
        org_code: string;
        incident_id: string | null;
      }[]
    >(
      `SELECT event_id, kind, expected, actual, org_code, incident_id FROM discrepancy WHERE acknowledged_at IS NULL`,
    );
    return rows.map((r) =>
      this.discrepancyCondition({
        eventId: r.event_id,
        kind: r.kind,
        expected: r.expected,
        actual: r.actual,
        orgCode: r.org_code,
        incidentId: r.incident_id,
      }),
    );
  }

  private async dlqConditions(manager: EntityManager): Promise<AlertCondition[]> {
    const rows = await manager.query<{ topic: string; n: number }[]>(
      `SELECT topic, count(*)::int AS n FROM dlq_message WHERE acknowledged_at IS NULL GROUP BY topic`,
    );
    return rows.map((r) => this.dlqCondition(r.topic, r.n));
  }

  private lagConditions(report: LagReport): AlertCondition[] {
    return report.groups.flatMap((g) =>
      g.topics
        .filter((t) => t.lag > this.config.ALERT_LAG)
        .map((t): AlertCondition => ({
          rule: 'consumer_lag',
          severity: 'warning',
          subjectType: 'consumer_group',
          subjectId: `${g.group}@${t.topic}`,
          message: `consumer group ${g.group} is ${t.lag} messages behind on ${t.topic} (threshold ${this.config.ALERT_LAG})`,
          incidentId: null,
          orgCode: null,
        })),
    );
  }
}

function toView(row: AlertRow): AlertView {
  return {
    id: row.id,
    rule: row.rule,
    severity: row.severity,
    subjectType: row.subject_type,
    subjectId: row.subject_id,
    message: row.message,
    incidentId: row.incident_id,
    orgCode: row.org_code,
    raisedAt: row.raised_at.toISOString(),
    clearedAt: row.cleared_at ? row.cleared_at.toISOString() : null,
    clearedBy: row.cleared_by,
    active: row.cleared_at === null,
  };
}

function encodeCursor(alert: AlertView): string {
  return Buffer.from(JSON.stringify([alert.raisedAt, alert.id])).toString('base64url');
}

function decodeCursor(cursor: string): { raisedAt: string; id: string } {
  try {
    const [raisedAt, id] = JSON.parse(
      Buffer.from(cursor, 'base64url').toString('utf8'),
    ) as unknown[];
    if (
      typeof raisedAt === 'string' &&
      typeof id === 'string' &&
      !Number.isNaN(Date.parse(raisedAt)) &&
      /^[0-9a-f-]{36}$/i.test(id)
    ) {
      return { raisedAt, id };
    }
  } catch {
    // falls through to the 400 below
  }
  throw badRequest([{ field: 'cursor', problem: 'cursor is not one this endpoint issued' }]);
}

/**
 * A header as text PostgreSQL accepts: without NUL (a text column refuses it, and the recorder
 * would stop on that dead letter for good), at most `max` characters.
 */
function pgText(value: string | null | undefined, max: number): string | null {
  return value?.replace(/\0/g, '').slice(0, max) ?? null;
}
