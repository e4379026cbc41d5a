// Shared by fund-allocation's feature suites (advances, release, verification, exports, reports):
// boots the real module against its own schema and topics, signs tokens, registers the org tree,
// beneficiaries and teams through the broker, and walks disbursements to approved and delivered.
import { AuthUser, signDevToken } from '@aidflow/auth';
import { EventPayloads } from '@aidflow/contracts';
import { eventually, EventTap, startTestService, TestService } from '@aidflow/testing';
import { announceIncident } from './announce-incident';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AppModule } from '../app.module';
import { FundsConfig, SERVICE_NAME } from '../config/funds.config';

export const USERS = {
  qhFin: { sub: 'u-qh-fin', name: '财务甲', roles: ['finance'], orgCode: 'QH' },
  qhField: { sub: 'u-qh-field', roles: ['field'], orgCode: 'QH' },
  qhAppr1: { sub: 'u-qh-appr1', name: '审批甲', roles: ['approver'], orgCode: 'QH' },
  qhAppr2: { sub: 'u-qh-appr2', roles: ['approver'], orgCode: 'QH' },
  qhFinAppr: { sub: 'u-qh-finappr', roles: ['finance', 'approver'], orgCode: 'QH' },
  qhOps: { sub: 'u-qh-ops', roles: ['ops'], orgCode: 'QH' },
  mdFin: { sub: 'u-md-fin', roles: ['finance'], orgCode: 'MD' },
  mqFin: { sub: 'u-mq-fin', roles: ['finance', 'approver'], orgCode: 'MQ' },
  mqAppr: { sub: 'u-mq-appr', roles: ['approver'], orgCode: 'MQ' },
  xzFin: { sub: 'u-xz-fin', roles: ['finance', 'approver'], orgCode: 'XZ' },
} satisfies Record<string, AuthUser>;
export type Who = keyof typeof USERS;

export type Body = Record<string, unknown> & {
  details?: { field: string; problem: string }[];
};

const ORGS: EventPayloads['org.registered'][] = [
  { code: 'CN', name: '中华全国总工会', level: 'national', path: ['CN'] },
  { code: 'QH', name: '青海省总工会', level: 'province', parentCode: 'CN', path: ['CN', 'QH'] },
  { code: 'XZ', name: '西藏自治区总工会', level: 'province', parentCode: 'CN', path: ['CN', 'XZ'] },
  {
    code: 'GL',
    name: '果洛州总工会',
    level: 'prefecture',
    parentCode: 'QH',
    path: ['CN', 'QH', 'GL'],
  },
  {
    code: 'MQ',
    name: '玛沁县总工会',
    level: 'county',
    parentCode: 'GL',
    path: ['CN', 'QH', 'GL', 'MQ'],
  },
  {
    code: 'MD',
    name: '玛多县总工会',
    level: 'county',
    parentCode: 'GL',
    path: ['CN', 'QH', 'GL', 'MD'],
  },
];

export interface FundsKit {
  service: TestService<FundsConfig>;
  tap: EventTap;
  db(): DataSource;
  incidentId: string;
  call(
    method: 'GET' | 'POST',
    url: string,
    who: Who,
    payload?: unknown,
    headers?: Record<string, string>,
  ): Promise<{
    status: number;
    body: Body;
    text: string;
    raw: Buffer;
    headers: Record<string, unknown>;
  }>;
  post(
    url: string,
    who: Who,
    payload?: unknown,
    headers?: Record<string, string>,
  ): ReturnType<FundsKit['call']>;
  get(url: string, who: Who, headers?: Record<string, string>): ReturnType<FundsKit['call']>;
  fieldsOf(body: Body): Set<string>;
  createFund(amountFen: number, owner?: string, who?: Who): Promise<{ id: string }>;
  allocate(
    fromFundId: string,
    toOrgCode: string,
    amountFen: number,
    who?: Who,
  ): Promise<{ id: string }>;
  registerBeneficiaries(siteIds: string[], orgCode?: string): Promise<string[]>;
  registerTeam(siteIds: string[], orgCode?: string): Promise<string>;
  approvedDisbursement(
    fundId: string,
    beneficiaryId: string,
    amountFen: number,
    who?: Who,
    approvers?: Who[],
  ): Promise<string>;
  logVisit(
    teamId: string,
    lines: { beneficiaryId: string; disbursementId: string; amountFen: number }[],
    orgCode?: string,
  ): Promise<string>;
  waitDelivered(ids: string[]): Promise<void>;
  close(): Promise<void>;
}

/** Boots fund-allocation with the org tree CN → {QH → GL → {MQ, MD}, XZ} registered. */
export async function startFundsKit(env: Record<string, string> = {}): Promise<FundsKit> {
  const tokens = {} as Record<Who, string>;
  for (const [name, user] of Object.entries(USERS)) tokens[name as Who] = await signDevToken(user);
  const service = await startTestService({
    serviceName: SERVICE_NAME,
    configClass: FundsConfig,
    appModule: (config) => AppModule.forRoot(config),
    env: { MAX_ATTEMPTS: '2', RETRY_BACKOFF_MS: '20', ...env },
  });
  const tap = await new EventTap(service.topicPrefix).start();
  const db = () => service.app.get(DataSource);
  const incidentId = randomUUID();
  let codeSeq = 0;

  const call: FundsKit['call'] = async (method, url, who, payload, headers = {}) => {
    const res = await service.app.inject({
      method,
      url,
      headers: { authorization: `Bearer ${tokens[who]}`, ...headers },
      ...(payload !== undefined ? { payload: payload as Record<string, unknown> } : {}),
    });
    let body: Body = {};
    try {
      body = JSON.parse(res.body) as Body;
    } catch {
      // CSV, XLSX and PDF bodies are read from text/raw
    }
    return {
      status: res.statusCode,
      body,
      text: res.body,
      raw: res.rawPayload,
      headers: res.headers,
    };
  };
  const post: FundsKit['post'] = (url, who, payload, headers) =>
    call('POST', url, who, payload ?? {}, headers);
  const get: FundsKit['get'] = (url, who, headers) => call('GET', url, who, undefined, headers);

  for (const org of ORGS) await tap.publish('org.registered', org.code, org);
  await eventually(
    async () => {
      const [row] = await db().query<{ n: number }[]>(`SELECT count(*)::int n FROM org_replica`);
      return row?.n === ORGS.length ? true : undefined;
    },
    { what: 'the org tree in the replica' },
  );
  await announceIncident(tap, db, incidentId);

  const kit: FundsKit = {
    service,
    tap,
    db,
    incidentId,
    call,
    post,
    get,
    fieldsOf: (body) => new Set((body.details ?? []).map((d) => d.field)),
    async createFund(amountFen, owner = 'QH', who = 'qhFin') {
      const res = await post('/api/funds', who, {
        code: `F-${++codeSeq}-${randomUUID().slice(0, 8)}`,
        name: '青海省总工会抗震救灾专款',
        source: 'union',
        purpose: 'condolence',
        ownerOrgCode: owner,
        incidentId,
        amountFen,
      });
      if (res.status !== 201) throw new Error(`fund: ${res.status} ${res.text}`);
      return res.body as { id: string };
    },
    async allocate(fromFundId, toOrgCode, amountFen, who = 'qhFin') {
      const res = await post('/api/allocations', who, {
        fromFundId,
        toOrgCode,
        amountFen,
        purpose: 'working',
        note: '专项工作经费',
      });
      if (res.status !== 201) throw new Error(`allocation: ${res.status} ${res.text}`);
      return { id: res.body.toFundId as string };
    },
    async registerBeneficiaries(siteIds, orgCode = 'QH') {
      const ids = siteIds.map(() => randomUUID());
      for (const [i, id] of ids.entries()) {
        await tap.publish('beneficiary.registered', id, {
          beneficiaryId: id,
          incidentId,
          siteId: siteIds[i],
          idNumberMasked: '632626********1234',
          category: 'affected_family',
          tier: 'deep',
          householdSize: 4,
          orgCode,
        });
      }
      await eventually(
        async () => {
          const [row] = await db().query<{ n: number }[]>(
            `SELECT count(*)::int n FROM beneficiary_replica WHERE id = ANY($1::uuid[])`,
            [ids],
          );
          return row?.n === ids.length ? true : undefined;
        },
        { what: `${ids.length} beneficiaries in the replica` },
      );
      return ids;
    },
    async registerTeam(siteIds, orgCode = 'QH') {
      const teamId = randomUUID();
      await tap.publish('team.registered', teamId, {
        teamId,
        name: '省总工会慰问组',
        orgCode,
        memberIds: ['u-qh-field'],
        siteIds,
      });
      await eventually(
        async () => {
          const rows = await db().query(`SELECT 1 FROM team_replica WHERE id = $1`, [teamId]);
          return rows.length === 1 ? true : undefined;
        },
        { what: 'the team in the replica' },
      );
      return teamId;
    },
    async approvedDisbursement(
      fundId,
      beneficiaryId,
      amountFen,
      who = 'qhFin',
      approvers = ['qhAppr1', 'qhAppr2'],
    ) {
      const req = await post('/api/disbursements', who, {
        fundId,
        beneficiaryId,
        amountFen,
        purpose: '抗震救灾慰问金',
      });
      if (req.status !== 201) throw new Error(`disbursement: ${req.status} ${req.text}`);
      const id = req.body.id as string;
      let res = await post(`/api/disbursements/${id}/approve`, approvers[0]);
      if (res.body.status === 'partially_approved')
        res = await post(`/api/disbursements/${id}/approve`, approvers[1]);
      if (res.body.status !== 'approved') throw new Error(`approve: ${res.status} ${res.text}`);
      return id;
    },
    async logVisit(teamId, lines, orgCode = 'QH') {
      const visitId = randomUUID();
      await tap.publish('visit.logged', visitId, {
        visitId,
        teamId,
        siteId: randomUUID(),
        incidentId,
        orgCode,
        visitedAt: '2021-05-26T10:00:00+08:00',
        status: 'accepted',
        beneficiaries: lines.map((l) => ({
          beneficiaryId: l.beneficiaryId,
          cash: { disbursementId: l.disbursementId, amountFen: l.amountFen },
        })),
      });
      return visitId;
    },
    async waitDelivered(ids) {
      await eventually(
        async () => {
          const [row] = await db().query<{ n: number }[]>(
            `SELECT count(*)::int n FROM disbursements WHERE id = ANY($1::uuid[]) AND status = 'delivered'`,
            [ids],
          );
          return row?.n === ids.length ? true : undefined;
        },
        { what: `${ids.length} disbursements delivered`, timeoutMs: 30_000 },
      );
    },
    async close() {
      await tap.stop();
      await service.close();
    },
  };
  return kit;
}

/** Every advance whose figures break amount = handedOver + returned + outstanding, or go negative. */
export async function advanceViolations(db: DataSource): Promise<string[]> {
  const rows = await db.query<{ id: string }[]>(
    `SELECT a.id FROM advances a
      WHERE a.amount_fen <> a.handed_over_fen + a.returned_fen + a.outstanding_fen
         OR a.outstanding_fen < 0 OR a.returned_fen < 0
         OR a.handed_over_fen <> coalesce((SELECT sum(amount_fen) FROM advance_draws d WHERE d.advance_id = a.id), 0)`,
  );
  return rows.map((r) => `advance ${r.id} off balance or off its draws`);
}
