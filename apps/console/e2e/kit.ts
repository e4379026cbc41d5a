// What the console's browser tests share: the real system (started once per run), users with
// dev tokens (HS256, development only), a browser page signed in as one of them, axe-core and
// screenshots under test-artifacts/console/.
import { signDevToken } from '@aidflow/auth';
import { eventually, startSystem, type RunningSystem } from '@aidflow/testing';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Browser, BrowserContext, chromium, Page } from 'playwright-core';

export const ARTIFACTS = join(__dirname, '..', '..', '..', 'test-artifacts', 'console');
const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

type Role = 'field' | 'finance' | 'approver' | 'ops' | 'admin';

export interface TestUser {
  sub: string;
  name: string;
  roles: Role[];
  orgCode: string;
  token: string;
}

export async function user(
  sub: string,
  name: string,
  roles: Role[],
  orgCode = 'QH',
): Promise<TestUser> {
  return {
    sub,
    name,
    roles,
    orgCode,
    token: await signDevToken({ sub, name, roles, orgCode }, undefined, '2h'),
  };
}

export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
  ) {
    super(`HTTP ${status} ${JSON.stringify(body)}`);
  }
}

export async function call<T>(
  base: string,
  as: TestUser,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<T> {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${as.token}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...headers,
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  const parsed: unknown =
    text && response.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text;
  if (!response.ok) throw new ApiFailure(response.status, parsed);
  return parsed as T;
}

/** A PRC resident id with a valid check digit (GB 11643), born 1980-01-01 + n days. */
export function residentId(n: number): string {
  const birth = new Date(Date.UTC(1980, 0, 1 + n)).toISOString().slice(0, 10).replace(/-/g, '');
  const body = `632626${birth}${String(n % 1000).padStart(3, '0')}`;
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...body].reduce((s, c, i) => s + Number(c) * (weights[i] ?? 0), 0);
  return body + '10X98765432'[sum % 11];
}

export interface Seed {
  incidentId: string;
  fundId: string;
  siteIds: string[];
  beneficiaryIds: string[];
  /** Requested by finance (below the dual threshold): the two approvers race on it. */
  raceRequestId: string;
  /** Requested by the clerk who is also an approver. */
  ownRequestId: string;
}

export interface Users {
  admin: TestUser;
  ops: TestUser;
  field: TestUser;
  finance: TestUser;
  approverA: TestUser;
  approverB: TestUser;
  clerkApprover: TestUser;
  everyone: TestUser;
}

export async function users(): Promise<Users> {
  return {
    admin: await user('admin-1', '系统管理员 Admin', ['admin']),
    ops: await user('ops-1', '指挥值班 卓玛', ['ops']),
    field: await user('field-1', '慰问组 扎西', ['field']),
    finance: await user('finance-1', '财务 王芳', ['finance']),
    approverA: await user('approver-1', '审批人 李明', ['approver']),
    approverB: await user('approver-2', '审批人 才让', ['approver']),
    clerkApprover: await user('clerk-approver-1', '财务兼审批 张华', ['finance', 'approver']),
    everyone: await user('all-1', '全部角色 Demo', ['finance', 'approver', 'ops']),
  };
}

/** Another service learns of new objects through events: retry while it answers 404/422. */
async function soon<T>(attempt: () => Promise<T>): Promise<T> {
  return eventually(
    async () => {
      try {
        return await attempt();
      } catch (error) {
        if (error instanceof ApiFailure && (error.status === 404 || error.status === 422))
          return undefined;
        throw error;
      }
    },
    { timeoutMs: 60_000, intervalMs: 250, what: 'the services to learn of the seed' },
  );
}

export async function seed(base: string, u: Users): Promise<Seed> {
  for (const [code, level, parentCode] of [
    ['QH', 'province', undefined],
    ['QH-GL', 'prefecture', 'QH'],
    ['QH-GL-MD', 'county', 'QH-GL'],
  ] as const) {
    await call(base, u.admin, 'POST', '/api/orgs', {
      code,
      name: `工会 ${code}`,
      level,
      ...(parentCode ? { parentCode } : {}),
    });
  }
  const incident = await call<{ id: string }>(base, u.ops, 'POST', '/api/incidents', {
    title: '玛多县7.4级地震',
    kind: 'earthquake',
    occurredAt: '2021-05-22T02:04:00+08:00',
    magnitude: 7.4,
    areaCodes: ['632626'],
    responseLevel: 'II',
    leadOrgCode: 'QH',
  });
  const siteIds: string[] = [];
  for (const name of ['黄河乡安置点', '扎陵湖乡安置点']) {
    siteIds.push(
      (
        await call<{ id: string }>(base, u.ops, 'POST', `/api/incidents/${incident.id}/sites`, {
          name,
          kind: 'resettlement',
          areaCode: '632626',
        })
      ).id,
    );
  }
  const names = ['才让多杰', '卓玛措', '索南加', '拉毛吉', '扎西才让', '央金卓玛', '更登', '旦增'];
  const beneficiaryIds: string[] = [];
  for (const [i, fullName] of names.entries()) {
    const b = await soon(() =>
      call<{ id: string }>(base, u.field, 'POST', '/api/beneficiaries', {
        incidentId: incident.id,
        siteId: siteIds[i % 2],
        fullName,
        idNumber: residentId(1000 + i),
        category: 'affected_family',
        tier: 'relative',
        householdSize: 4,
        consent: true,
      }),
    );
    beneficiaryIds.push(b.id);
  }
  const fund = await soon(() =>
    call<{ id: string }>(
      base,
      u.finance,
      'POST',
      '/api/funds',
      {
        code: 'QH-2021-MD-01',
        name: '玛多地震专项慰问资金',
        source: 'union',
        purpose: 'condolence',
        ownerOrgCode: 'QH',
        incidentId: incident.id,
        amountFen: 33_500_000,
      },
      { 'idempotency-key': 'seed-fund-qh-2021-md-01' },
    ),
  );
  const request = (
    as: TestUser,
    beneficiaryId: string,
    amountFen: number,
  ): Promise<{ id: string }> =>
    soon(() =>
      call<{ id: string }>(base, as, 'POST', '/api/disbursements', {
        fundId: fund.id,
        beneficiaryId,
        amountFen,
        purpose: '慰问金',
      }),
    );
  // Every beneficiary known to fund-allocation before the browser needs them.
  const raceRequestId = (await request(u.finance, beneficiaryIds[0] ?? '', 100_000)).id;
  const ownRequestId = (await request(u.clerkApprover, beneficiaryIds[1] ?? '', 150_000)).id;
  for (const id of beneficiaryIds.slice(2)) {
    await soon(async () => {
      const answer = await call<{ items: unknown[] }>(
        base,
        u.finance,
        'GET',
        `/api/disbursements?beneficiaryId=${id}`,
      );
      return answer;
    });
  }
  return {
    incidentId: incident.id,
    fundId: fund.id,
    siteIds,
    beneficiaryIds,
    raceRequestId,
    ownRequestId,
  };
}

export interface Harness {
  system: RunningSystem;
  base: string;
  browser: Browser;
  users: Users;
  seed: Seed;
}

export async function startHarness(): Promise<Harness> {
  mkdirSync(ARTIFACTS, { recursive: true });
  // The dev users (signed in through the provider) belong to the seeded tree's root.
  const system = await startSystem('console', { START_ORG_CODE: 'QH' });
  try {
    const u = await users();
    const data = await seed(system.baseUrl, u);
    const browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      headless: true,
      args: CHROMIUM_ARGS,
    });
    return { system, base: system.baseUrl, browser, users: u, seed: data };
  } catch (error) {
    await system.stop();
    throw error;
  }
}

export async function stopHarness(h: Harness | undefined): Promise<void> {
  await h?.browser.close();
  await h?.system.stop();
}

export interface SignedInPage {
  context: BrowserContext;
  page: Page;
  problems: string[];
}

/**
 * A fresh browser context already holding `who`'s session in this tab's sessionStorage, as the
 * console's sign-in leaves it (the OIDC sign-in itself is covered by sign-in.behaviour).
 */
export async function openAs(
  h: Harness,
  who: TestUser | undefined,
  path: string,
  language = 'zh-CN',
): Promise<SignedInPage> {
  const context = await h.browser.newContext({
    viewport: { width: 1440, height: 1000 },
    locale: language,
  });
  const session = who
    ? JSON.stringify({ accessToken: who.token, expiresAt: Date.now() + 3_600_000 })
    : '';
  await context.addInitScript(
    ({ session: stored, language: lang }) => {
      // Once per context: after a sign-out the session must stay gone (the key is not the console's).
      if (stored && !localStorage.getItem('e2e.seeded')) {
        sessionStorage.setItem('aidflow.session', stored);
        localStorage.setItem('e2e.seeded', '1');
      }
      localStorage.setItem('aidflow.language', lang);
    },
    { session, language },
  );
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(error.message));
  await page.goto(`${h.base}${path}`);
  return { context, page, problems };
}

/** axe-core in the page (evaluated, so the console's CSP does not need to allow it). */
export async function seriousViolations(page: Page): Promise<string[]> {
  await page.evaluate(AXE);
  const result = await page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: {
          run: (
            c: unknown,
            o: unknown,
          ) => Promise<{
            violations: { id: string; impact: string; nodes: { target: string[] }[] }[];
          }>;
        };
      }
    ).axe;
    return axe.run(document, {
      runOnly: {
        type: 'tag',
        values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'],
      },
    });
  });
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${v.impact} ${v.id}: ${v.nodes
          .map((n) => n.target.join(' '))
          .slice(0, 3)
          .join(', ')}`,
    );
}

export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
}
