/**
 * Replays the Maduo 2021 response through the public HTTP API only, as real users with their own
 * tokens, and ends by reading the reconciliation back from the ops summary:
 *   335,000 = 245,000 delivered + 90,000 passed down + 0 available  (exit 1 if anything disagrees)
 *
 *   npm run scenario:maduo -- [--base-url http://localhost:3000]
 */
import { signDevToken } from '@aidflow/auth';
import { randomUUID } from 'node:crypto';
import {
  COTTON_COATS,
  INCIDENT,
  ORGS,
  PASSED_DOWN,
  people,
  SITES,
  SPECIAL_FUND_FEN,
} from './maduo-data';

type Json = Record<string, unknown>;

const baseUrl = option('base-url') ?? process.env.AIDFLOW_URL ?? 'http://localhost:3000';
const secret = process.env.AUTH_JWT_SECRET ?? 'aidflow-dev-secret';
const started = Date.now();

function option(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

function progress(message: string): void {
  console.log(`[${((Date.now() - started) / 1000).toFixed(1).padStart(6)} s] ${message}`);
}

class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
    what: string,
  ) {
    super(`${what} → ${status} ${JSON.stringify(body)}`);
  }
}

interface User {
  name: string;
  token: string;
}

async function user(
  sub: string,
  name: string,
  roles: ('field' | 'finance' | 'approver' | 'ops' | 'admin')[],
  orgCode: string,
): Promise<User> {
  return { name, token: await signDevToken({ sub, name, roles, orgCode }, secret, '12h') };
}

async function call<T = Json>(
  as: User,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${as.token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    const parsed: unknown = text ? JSON.parse(text) : undefined;
    // A bulk load by one user meets the per-user write budget: wait as told, like a real client.
    const retryAfter = Number(response.headers.get('retry-after'));
    if (response.status === 429 && retryAfter > 0 && retryAfter <= 120 && attempt <= 3) {
      rateLimited(as, retryAfter);
      await new Promise((r) => setTimeout(r, retryAfter * 1000));
      continue;
    }
    if (!response.ok) throw new ApiError(response.status, parsed, `${as.name}: ${method} ${path}`);
    return parsed as T;
  }
}

const waitingSince = new Map<string, number>();
/** One line per user and wait, however many of its parallel calls were refused. */
function rateLimited(as: User, seconds: number): void {
  const last = waitingSince.get(as.name) ?? 0;
  if (Date.now() - last < seconds * 1000) return;
  waitingSince.set(as.name, Date.now());
  progress(`${as.name}: write budget used up (429), waiting ${seconds} s as Retry-After says`);
}

/** Another service learns of a new object through events a moment later: retry while it says 404/422. */
async function eventually<T>(
  what: string,
  attempt: () => Promise<T>,
  timeoutMs = 60000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (let wait = 100; ; wait = Math.min(wait * 2, 2000)) {
    try {
      return await attempt();
    } catch (error) {
      const retriable = error instanceof ApiError && (error.status === 404 || error.status === 422);
      if (!retriable) throw error;
      if (Date.now() > deadline)
        throw new Error(
          `${what}: still refused after ${timeoutMs / 1000} s: ${(error as Error).message}`,
        );
      await new Promise((r) => setTimeout(r, wait));
    }
  }
}

async function inParallel<T, R>(
  items: T[],
  limit: number,
  work: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const index = next++;
        results[index] = await work(items[index], index);
      }
    }),
  );
  return results;
}

function yuan(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  return `${sign}${Math.trunc(abs / 100).toLocaleString('en-US')}.${String(abs % 100).padStart(2, '0')}`;
}

async function main(): Promise<void> {
  progress(`replaying the Maduo 2021 response against ${baseUrl}`);
  const admin = await user('admin-acftu', '全总系统管理员 ACFTU admin', ['admin', 'ops'], 'ACFTU');
  const ops = await user('ops-qh', '青海省总工会值班 QH operations', ['ops'], 'QH');
  const finance = await user('finance-qh', '青海省总工会财务 QH finance', ['finance'], 'QH');
  const approver = await user(
    'approver-qh',
    '青海省总工会副主席 QH vice-chair (approver)',
    ['approver'],
    'QH',
  );
  const field = await user('field-qh-1', '慰问组 delegation member', ['field'], 'QH');

  // 1. The union tree.
  // The union tree outlives one response: on a replay it is already there.
  for (const org of ORGS) {
    await call(admin, 'POST', '/api/orgs', org).catch((error: unknown) => {
      if (!(error instanceof ApiError && error.status === 409)) throw error;
    });
  }
  progress(`union tree: ${ORGS.map((o) => o.code).join(' → ')}`);

  // 2. The earthquake and the emergency response.
  const incident = await call<{ id: string }>(ops, 'POST', '/api/incidents', INCIDENT);
  await call(ops, 'POST', `/api/incidents/${incident.id}/status`, { status: 'responding' });
  progress(
    `incident ${incident.id}: M${INCIDENT.magnitude} ${INCIDENT.kind}, response level ${INCIDENT.responseLevel}, responding`,
  );

  // 3. The 12 sites.
  const sites = await inParallel([...SITES], 4, (site) =>
    call<{ id: string }>(ops, 'POST', `/api/incidents/${incident.id}/sites`, {
      ...site,
      areaCode: '632626',
    }),
  );
  progress(`${sites.length} resettlement sites and work units registered`);

  // 4. The people affected.
  const run = Math.floor(Math.random() * 42_000);
  const persons = people(400, run);
  const beneficiaries = await inParallel(persons, 8, (p) =>
    call<{ id: string }>(field, 'POST', '/api/beneficiaries', {
      incidentId: incident.id,
      siteId: sites[p.siteIndex].id,
      fullName: p.fullName,
      idNumber: p.idNumber,
      category: p.category,
      tier: p.tier,
      householdSize: p.householdSize,
      ...(p.phone ? { phone: p.phone } : {}),
      ...(p.employer ? { employer: p.employer } : {}),
      consent: true,
    }),
  );
  progress(
    `${beneficiaries.length} front-line workers and affected families registered (resident ids stored encrypted)`,
  );

  // 5. The special fund, and 90,000 yuan passed down to three unions.
  // fund-allocation learns of the incident from its event a moment after it is reported.
  const fund = await eventually('special fund', () =>
    call<{ id: string }>(
      finance,
      'POST',
      '/api/funds',
      {
        code: `QH-2021-MADUO-SPECIAL-${run}`,
        name: '玛多地震专项慰问资金 Maduo earthquake special fund',
        source: 'union',
        purpose: 'condolence',
        ownerOrgCode: 'QH',
        incidentId: incident.id,
        amountFen: SPECIAL_FUND_FEN,
      },
      { 'idempotency-key': `maduo-${run}-special-fund` },
    ),
  );
  progress(`special fund ${yuan(SPECIAL_FUND_FEN)} yuan created by finance`);
  for (const [i, allocation] of PASSED_DOWN.entries()) {
    await eventually(`allocation to ${allocation.toOrgCode}`, () =>
      call(
        finance,
        'POST',
        '/api/allocations',
        {
          fromFundId: fund.id,
          toOrgCode: allocation.toOrgCode,
          amountFen: allocation.amountFen,
          purpose: 'working',
          note: '专项工作经费 special working funds',
        },
        { 'idempotency-key': `maduo-${run}-allocation-${i}` },
      ),
    );
  }
  progress(
    `${yuan(PASSED_DOWN.reduce((s, a) => s + a.amountFen, 0))} yuan allocated to ${PASSED_DOWN.map((a) => a.toOrgCode).join(', ')}`,
  );

  // 6. 100 cotton coats received.
  await call(
    finance,
    'POST',
    '/api/stock/receipts',
    { orgCode: 'QH', itemCode: 'cotton-coat', name: '棉衣 cotton coat', quantity: COTTON_COATS },
    { 'idempotency-key': `maduo-${run}-coats-receipt` },
  );
  progress(`${COTTON_COATS} cotton coats received`);

  // 7. Condolence money: requested by finance, approved by a different person.
  const recipients = persons
    .map((p, i) => ({ p, beneficiaryId: beneficiaries[i].id }))
    .filter((r) => r.p.cashFen > 0);
  const disbursements = await inParallel(recipients, 8, (r, i) =>
    eventually('disbursement request', () =>
      call<{ id: string }>(
        finance,
        'POST',
        '/api/disbursements',
        {
          fundId: fund.id,
          beneficiaryId: r.beneficiaryId,
          amountFen: r.p.cashFen,
          purpose: 'condolence',
          note: '慰问金 condolence money',
        },
        { 'idempotency-key': `maduo-${run}-disbursement-${i}` },
      ),
    ),
  );
  progress(
    `${disbursements.length} condolence disbursements requested (${yuan(recipients.reduce((s, r) => s + r.p.cashFen, 0))} yuan)`,
  );
  await inParallel(disbursements, 8, (d) =>
    call(approver, 'POST', `/api/disbursements/${d.id}/approve`, {}),
  );
  progress(`${disbursements.length} disbursements approved by ${approver.name}`);

  // 8. The delegation team visits the 12 sites on 26–27 May.
  const team = await eventually('delegation team', () =>
    call<{ id: string }>(ops, 'POST', '/api/teams', {
      name: `青海省总工会慰问组 QH federation delegation (replay ${run})`,
      orgCode: 'QH',
      memberIds: ['field-qh-1'],
      siteIds: sites.map((s) => s.id),
    }),
  );
  const cashBy = new Map(
    recipients.map((r, i) => [
      r.beneficiaryId,
      { disbursementId: disbursements[i].id, amountFen: r.p.cashFen },
    ]),
  );
  const visits = sites.map((site, siteIndex) => {
    const here = persons
      .map((p, i) => ({ p, id: beneficiaries[i].id }))
      .filter((x) => x.p.siteIndex === siteIndex);
    return {
      id: randomUUID(),
      teamId: team.id,
      siteId: site.id,
      visitedAt: siteIndex < 6 ? '2021-05-26T10:00:00+08:00' : '2021-05-27T10:00:00+08:00',
      notes: `${SITES[siteIndex].name.split(' ')[0]}: condolence visit`,
      beneficiaries: here.map(({ p, id }) => ({
        beneficiaryId: id,
        ...(cashBy.has(id) ? { cash: cashBy.get(id) } : {}),
        ...(p.coats > 0 ? { goods: [{ itemCode: 'cotton-coat', quantity: p.coats }] } : {}),
        ...(p.psychologicalNeed ? { needs: ['psychological'] } : {}),
      })),
    };
  });
  // Half the sites had a network; the other half synced later from the device (offline batch).
  const online = visits.slice(0, 6);
  const offline = visits.slice(6);
  for (const visit of online)
    await eventually('visit', () => call(field, 'POST', '/api/visits', visit));
  progress(`${online.length} visits logged online`);
  const batch = await eventually('offline batch', async () => {
    const answer = await call<{ results: { id: string; status: string; details?: unknown }[] }>(
      field,
      'POST',
      '/api/visits/batch',
      { visits: offline },
    );
    const refused = answer.results.filter((r) => r.status === 'rejected');
    if (refused.length > 0) throw new ApiError(422, refused, 'offline batch');
    return answer;
  });
  progress(
    `${batch.results.length} visits synced through the offline batch endpoint (${batch.results.map((r) => r.status).join(', ')})`,
  );
  const reached = visits.reduce((n, v) => n + v.beneficiaries.length, 0);
  progress(
    `${reached} people visited at ${visits.length} sites; ${persons.filter((p) => p.psychologicalNeed).length} asked for psychological support`,
  );

  // 9. Read the reconciliation back from operations' summary once every delivery has landed.
  const expectDelivered = recipients.reduce((s, r) => s + r.p.cashFen, 0);
  const passedDown = PASSED_DOWN.reduce((s, a) => s + a.amountFen, 0);
  let summary: SummaryFund | undefined;
  let whole: IncidentSummary | undefined;
  const deadline = Date.now() + 180000;
  for (;;) {
    whole = await call<IncidentSummary>(ops, 'GET', `/api/ops/incidents/${incident.id}/summary`);
    summary = whole.funds.items.find((f) => f.fundId === fund.id);
    const coats = whole.goods.find((g) => g.itemCode === 'cotton-coat')?.quantity ?? 0;
    const settled =
      summary?.deliveredFen === expectDelivered &&
      whole.visits.beneficiariesReached === reached &&
      coats === COTTON_COATS &&
      whole.followUps.open === persons.filter((p) => p.psychologicalNeed).length;
    if (settled || Date.now() > deadline) break;
    await new Promise((r) => setTimeout(r, 1000));
  }
  const coatsDelivered = whole.goods.find((g) => g.itemCode === 'cotton-coat')?.quantity ?? 0;
  progress(
    `ops summary: ${whole.visits.total} visits, ${whole.visits.beneficiariesReached} people reached, ` +
      `${coatsDelivered} cotton coats delivered, ${whole.followUps.open} follow-ups open`,
  );
  if (!summary) throw new Error('the special fund is missing from the ops summary');
  const line = `${yuan(summary.amountFen)} = ${yuan(summary.deliveredFen)} delivered + ${yuan(summary.allocatedDownFen)} passed down + ${yuan(summary.reservedFen)} reserved + ${yuan(summary.availableFen)} available (yuan)`;
  const agrees =
    whole.visits.beneficiariesReached === reached &&
    coatsDelivered === COTTON_COATS &&
    whole.followUps.open === persons.filter((p) => p.psychologicalNeed).length &&
    summary.amountFen === SPECIAL_FUND_FEN &&
    summary.deliveredFen === expectDelivered &&
    summary.allocatedDownFen === passedDown &&
    summary.reservedFen === 0 &&
    summary.availableFen === 0 &&
    summary.amountFen ===
      summary.deliveredFen + summary.allocatedDownFen + summary.reservedFen + summary.availableFen;
  console.log('');
  console.log(`RECONCILIATION  ${line}`);
  if (!agrees) {
    console.error(
      `MISMATCH: expected 335,000.00 = 245,000.00 delivered + 90,000.00 passed down + 0.00 available, ` +
        `${reached} people reached, ${COTTON_COATS} coats, ${persons.filter((p) => p.psychologicalNeed).length} follow-ups`,
    );
    process.exit(1);
  }
  console.log('OK: the special fund is fully accounted for.');
}

interface IncidentSummary {
  funds: { items: SummaryFund[] };
  visits: { total: number; beneficiariesReached: number };
  goods: { itemCode: string; quantity: number }[];
  followUps: { open: number };
}

interface SummaryFund {
  fundId: string;
  amountFen: number;
  allocatedDownFen: number;
  reservedFen: number;
  deliveredFen: number;
  availableFen: number;
}

main().catch((error: unknown) => {
  console.error(`scenario failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
