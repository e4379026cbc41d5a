// Drives the running system through the gateway: (a) single visits at rising concurrency with
// commit → ops projection latency, (b) 500-visit offline batches, (c) 50 approvers racing on one fund.
import { randomUUID } from 'node:crypto';
import { residentIdCheckChar } from '../scenario/maduo-data';
import { benchUser, call, soon, type BenchUser } from './api';
import { drive, nowMs, percentile } from './measure';
import { StreamWatch } from './stream-watch';

export interface SingleVisitFigure {
  clients: number;
  visitsPerS: number;
  p50Ms: number;
  p99Ms: number;
  projectedP50Ms: number;
  projectedP99Ms: number;
}
export interface SystemFigures {
  single: SingleVisitFigure[];
  batch: { visitsPerS: number; secondsPerBatch: number; accepted: number };
  approvals: { decisionsPerS: number; approved: number; refused: number; overspentFen: number };
}

interface Seed {
  teamId: string;
  siteId: string;
  beneficiaryIds: string[];
  fundId: string;
}

function residentId(n: number): string {
  const birth = new Date(Date.UTC(1970, 0, 1 + n)).toISOString().slice(0, 10).replace(/-/g, '');
  const body = `632626${birth}${String(n % 1000).padStart(3, '0')}`;
  return body + residentIdCheckChar(body);
}

async function seed(
  base: string,
  u: Record<'admin' | 'ops' | 'field' | 'finance', BenchUser>,
): Promise<Seed> {
  await call(base, u.admin, 'POST', '/api/orgs', {
    code: 'QH',
    name: '青海省总工会',
    level: 'province',
  });
  const incident = await soon(() =>
    call<{ id: string }>(base, u.ops, 'POST', '/api/incidents', {
      title: '玛多县7.4级地震',
      kind: 'earthquake',
      occurredAt: '2021-05-22T02:04:00+08:00',
      areaCodes: ['632626'],
      responseLevel: 'II',
      leadOrgCode: 'QH',
    }),
  );
  const site = await soon(() =>
    call<{ id: string }>(base, u.ops, 'POST', `/api/incidents/${incident.id}/sites`, {
      name: '黄河乡安置点',
      kind: 'resettlement',
      areaCode: '632626',
    }),
  );
  const beneficiaryIds: string[] = [];
  await drive(50, 8, async (i) => {
    const b = await soon(() =>
      call<{ id: string }>(base, u.field, 'POST', '/api/beneficiaries', {
        incidentId: incident.id,
        siteId: site.id,
        fullName: `牧民 ${i}`,
        idNumber: residentId(7000 + i),
        category: 'affected_family',
        tier: 'relative',
        householdSize: 4,
        consent: true,
      }),
    );
    beneficiaryIds.push(b.id);
  });
  const team = await soon(() =>
    call<{ id: string }>(base, u.ops, 'POST', '/api/teams', {
      name: '慰问组 bench',
      orgCode: 'QH',
      memberIds: [u.field.sub],
      siteIds: [site.id],
    }),
  );
  const fund = await soon(() =>
    call<{ id: string }>(base, u.finance, 'POST', '/api/funds', {
      code: `BENCH-${Date.now()}`,
      name: '基准测试资金',
      source: 'union',
      purpose: 'condolence',
      ownerOrgCode: 'QH',
      incidentId: incident.id,
      amountFen: 30_000_000,
    }),
  );
  return { teamId: team.id, siteId: site.id, beneficiaryIds, fundId: fund.id };
}

const visit = (s: Seed, i: number) => ({
  id: randomUUID(),
  teamId: s.teamId,
  siteId: s.siteId,
  visitedAt: new Date().toISOString(),
  notes: '入户慰问',
  beneficiaries: [{ beneficiaryId: s.beneficiaryIds[i % s.beneficiaryIds.length] ?? '' }],
});

async function singleVisits(
  base: string,
  field: BenchUser,
  ops: BenchUser,
  s: Seed,
  levels: number[],
  perLevel: number,
): Promise<SingleVisitFigure[]> {
  // The visits service learns of the beneficiaries through events: wait for it once.
  await soon(() => call(base, field, 'POST', '/api/visits', visit(s, 0)));
  await soon(() => call(base, field, 'POST', '/api/visits', visit(s, s.beneficiaryIds.length - 1)));
  const figures: SingleVisitFigure[] = [];
  for (const clients of levels) {
    const watch = new StreamWatch();
    await watch.open(base, ops.token, 'visit.logged');
    const committed = new Map<string, number>();
    const took: number[] = [];
    const seconds = await drive(perLevel, clients, async (i) => {
      const body = visit(s, i);
      const started = nowMs();
      await call(base, field, 'POST', '/api/visits', body);
      const at = nowMs();
      committed.set(body.id, at);
      took.push(at - started);
    });
    const projected = await watch.latencies(committed);
    await watch.close();
    figures.push({
      clients,
      visitsPerS: perLevel / seconds,
      p50Ms: percentile(took, 50),
      p99Ms: percentile(took, 99),
      projectedP50Ms: percentile(projected, 50),
      projectedP99Ms: percentile(projected, 99),
    });
  }
  return figures;
}

async function batches(
  base: string,
  field: BenchUser,
  s: Seed,
  count: number,
): Promise<SystemFigures['batch']> {
  let accepted = 0;
  const seconds = await drive(count, 1, async () => {
    const answer = await call<{ results: { status: string }[] }>(
      base,
      field,
      'POST',
      '/api/visits/batch',
      {
        visits: Array.from({ length: 500 }, (_, i) => visit(s, i)),
      },
    );
    accepted += answer.results.filter((r) => r.status === 'accepted').length;
  });
  return { visitsPerS: (count * 500) / seconds, secondsPerBatch: seconds / count, accepted };
}

/** 400 requests of 1,000 yuan on a 300,000-yuan fund: 300 can be approved, 100 must be refused. */
async function approvals(
  base: string,
  finance: BenchUser,
  s: Seed,
): Promise<SystemFigures['approvals']> {
  const requests: string[] = [];
  await drive(400, 8, async (i) => {
    const r = await soon(() =>
      call<{ id: string }>(base, finance, 'POST', '/api/disbursements', {
        fundId: s.fundId,
        beneficiaryId: s.beneficiaryIds[i % s.beneficiaryIds.length] ?? '',
        amountFen: 100_000,
        purpose: '慰问金',
        allowRepeat: true,
        repeatReason: '基准测试：同一户多次发放',
      }),
    );
    requests.push(r.id);
  });
  const approvers = await Promise.all(
    Array.from({ length: 50 }, (_, i) => benchUser(`bench-approver-${i}`, ['approver'])),
  );
  let approved = 0;
  let refused = 0;
  const seconds = await drive(requests.length, approvers.length, async (i) => {
    const approver = approvers[i % approvers.length];
    if (!approver) return;
    try {
      await call(base, approver, 'POST', `/api/disbursements/${requests[i] ?? ''}/approve`, {});
      approved++;
    } catch (error) {
      if ((error as { status?: number }).status !== 422) throw error;
      refused++;
    }
  });
  const fund = await call<{
    amountFen: number;
    availableFen: number;
    reservedFen: number;
    deliveredFen: number;
    allocatedDownFen: number;
  }>(base, finance, 'GET', `/api/funds/${s.fundId}/reconciliation`);
  const overspentFen = Math.max(
    0,
    -Number(fund.availableFen),
    Number(fund.reservedFen) - 30_000_000,
  );
  return { decisionsPerS: requests.length / seconds, approved, refused, overspentFen };
}

export async function measureSystem(
  base: string,
  o: { levels: number[]; perLevel: number; batches: number },
): Promise<SystemFigures> {
  const u = {
    admin: await benchUser('bench-admin', ['admin']),
    ops: await benchUser('bench-ops', ['ops']),
    field: await benchUser('bench-field', ['field']),
    finance: await benchUser('bench-finance', ['finance']),
  };
  const s = await seed(base, u);
  const single = await singleVisits(base, u.field, u.ops, s, o.levels, o.perLevel);
  const batch = await batches(base, u.field, s, o.batches);
  const approval = await approvals(base, u.finance, s);
  return { single, batch, approvals: approval };
}

/** (e): single visits only, e.g. against two replicas of each service. */
export async function measureSingleVisits(
  base: string,
  o: { levels: number[]; perLevel: number },
): Promise<SingleVisitFigure[]> {
  const u = {
    admin: await benchUser('bench-admin', ['admin']),
    ops: await benchUser('bench-ops', ['ops']),
    field: await benchUser('bench-field', ['field']),
    finance: await benchUser('bench-finance', ['finance']),
  };
  const s = await seed(base, u);
  return singleVisits(base, u.field, u.ops, s, o.levels, o.perLevel);
}
