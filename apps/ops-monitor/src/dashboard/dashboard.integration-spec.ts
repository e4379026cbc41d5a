import { EventTap, TestService } from '@aidflow/testing';
import { mkdirSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { Browser, chromium, Page } from 'playwright-core';
import { OpsConfig } from '../config/ops.config';
import { opsToken, registerOrgs, ROOT_ORG, startOps, waitLogged } from '../testing/ops-test-kit';

const ARTIFACTS = join(__dirname, '..', '..', '..', '..', 'test-artifacts');
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

describe('ops-monitor dashboard in headless Chromium', () => {
  let service: TestService<OpsConfig>;
  let tap: EventTap;
  let browser: Browser;
  let page: Page;
  let base: string;
  const incidentId = randomUUID();
  const rootFundId = randomUUID();

  /** A small Maduo-like picture so the page has something to show. */
  async function seed(): Promise<void> {
    const ids: string[] = [];
    const add = async (p: Promise<{ id: string }>) => ids.push((await p).id);
    await add(
      tap.publish('incident.reported', incidentId, {
        incidentId,
        title: '玛多县7.4级地震 Maduo M7.4',
        kind: 'earthquake',
        occurredAt: '2021-05-22T02:04:00+08:00',
        magnitude: 7.4,
        areaCodes: ['632626'],
        responseLevel: 'II',
        leadOrgCode: ROOT_ORG,
        status: 'open',
      }),
    );
    await add(
      tap.publish('fund.created', rootFundId, {
        fundId: rootFundId,
        code: 'QH-2021-MD-01',
        name: '玛多地震专款 Special fund',
        source: 'union',
        purpose: 'condolence',
        ownerOrgCode: ROOT_ORG,
        incidentId,
        amountFen: 33_500_000,
      }),
    );
    for (const [i, org] of ['QH-GL', 'QH-GL-MQ', 'QH-GL-MD'].entries()) {
      const child = randomUUID();
      await add(
        tap.publish('fund.allocated', rootFundId, {
          allocationId: randomUUID(),
          fromFundId: rootFundId,
          toFundId: child,
          fromOrgCode: ROOT_ORG,
          toOrgCode: org,
          amountFen: 3_000_000,
          purpose: '专项工作经费',
          incidentId,
        }),
      );
      await add(
        tap.publish('fund.created', child, {
          fundId: child,
          code: `QH-2021-MD-01-${i + 1}`,
          name: `专项工作经费 ${org}`,
          source: 'union',
          purpose: 'working',
          ownerOrgCode: org,
          parentFundId: rootFundId,
          incidentId,
          amountFen: 3_000_000,
        }),
      );
    }
    const steps = [
      ['delivered', 24_000_000],
      ['approved', 300_000],
      ['requested', 200_000],
    ] as const;
    for (const [status, amountFen] of steps) {
      const disbursementId = randomUUID();
      const beneficiaryId = randomUUID();
      const common = { disbursementId, fundId: rootFundId, orgCode: ROOT_ORG, incidentId };
      await add(
        tap.publish('disbursement.requested', disbursementId, {
          ...common,
          beneficiaryId,
          amountFen,
          purpose: '慰问金',
          requestedBy: 'clerk',
        }),
      );
      if (status === 'requested') continue;
      await add(
        tap.publish('disbursement.approved', disbursementId, {
          ...common,
          beneficiaryId,
          amountFen,
          approvedBy: ['approver'],
        }),
      );
      if (status === 'delivered')
        await add(
          tap.publish('disbursement.delivered', disbursementId, {
            ...common,
            beneficiaryId,
            amountFen,
            visitId: randomUUID(),
          }),
        );
    }
    const sites = ['扎陵湖乡安置点', '黄河乡安置点', '城市管理局'].map((name) => ({
      id: randomUUID(),
      name,
    }));
    for (const site of sites) {
      await add(
        tap.publish('site.registered', site.id, {
          siteId: site.id,
          incidentId,
          name: site.name,
          kind: 'resettlement',
          areaCode: '632626',
          orgCode: 'QH-GL-MD',
          registeredAt: new Date().toISOString(),
        }),
      );
    }
    const visitId = randomUUID();
    const people = [randomUUID(), randomUUID(), randomUUID()];
    await add(
      tap.publish('visit.logged', visitId, {
        visitId,
        teamId: randomUUID(),
        siteId: sites[0]?.id,
        incidentId,
        orgCode: 'QH-GL-MD',
        visitedAt: new Date().toISOString(),
        status: 'accepted',
        beneficiaries: people.map((beneficiaryId) => ({
          beneficiaryId,
          needs: ['psychological' as const],
        })),
      }),
    );
    await add(
      tap.publish('stock.received', 'QH-GL-MD', {
        receiptId: randomUUID(),
        orgCode: 'QH-GL-MD',
        itemCode: 'COAT',
        name: '棉衣 Cotton coat',
        quantity: 100,
      }),
    );
    await add(
      tap.publish('stock.delivered', 'QH-GL-MD', {
        orgCode: 'QH-GL-MD',
        itemCode: 'COAT',
        quantity: 100,
        visitId,
        beneficiaryId: people[0],
        incidentId,
      }),
    );
    await add(
      tap.publish('followup.opened', randomUUID(), {
        followUpId: randomUUID(),
        visitId,
        beneficiaryId: people[1],
        siteId: sites[0]?.id,
        incidentId,
        kind: 'psychological',
        dueAt: '2021-06-10T00:00:00+08:00',
        orgCode: 'QH-GL-MD',
      }),
    );
    await waitLogged(service, ids);
  }

  beforeAll(async () => {
    service = await startOps({ STREAM_POLL_MS: '100' });
    await service.app.listen({ port: 0, host: '127.0.0.1' });
    base = await service.app.getUrl();
    tap = await new EventTap(service.topicPrefix).start();
    await registerOrgs(service, tap, [
      [ROOT_ORG],
      [ROOT_ORG, 'QH-GL'],
      [ROOT_ORG, 'QH-GL', 'QH-GL-MQ'],
      [ROOT_ORG, 'QH-GL', 'QH-GL-MD'],
    ]);
    await seed();
    browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      headless: true,
      args: CHROMIUM_ARGS,
    });
    page = await browser.newPage({ viewport: { width: 1440, height: 1000 }, locale: 'zh-CN' });
  });

  afterAll(async () => {
    await browser?.close();
    await tap?.stop();
    await service?.close();
  });

  it('asks for a token, shows the summary, and shows a published event in the live feed', async () => {
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(error.message));

    await page.goto(`${base}/`);
    await page.waitForSelector('#login:not([hidden])');
    await page.fill('#token-input', await opsToken(['ops']));
    await page.click('#use-token');

    await page.waitForSelector('#stream-state.on');
    await page.waitForFunction(
      "document.querySelectorAll('#funds-table tbody tr.root').length === 1",
    );
    expect(await page.textContent('#funds-table tbody tr.root')).toContain('¥335,000.00');
    expect(await page.textContent('#funds-table tfoot')).toContain('¥240,000.00');

    // Another service publishes through the broker; the page's feed shows it.
    const fundId = randomUUID();
    await tap.publish('fund.created', fundId, {
      fundId,
      code: 'QH-2021-MD-02',
      name: '心理援助专项 Psychological support',
      source: 'local_fiscal',
      purpose: 'relief',
      ownerOrgCode: ROOT_ORG,
      incidentId,
      amountFen: 1_234_567,
    });
    const item = await page.waitForSelector('#feed li[data-type="fund.created"]', {
      timeout: 20000,
    });
    expect(await item.textContent()).toContain('¥12,345.67');
    // …and the summary refreshes with the new fund.
    await page.waitForFunction(
      "document.querySelectorAll('#funds-table tbody tr.root').length === 2",
    );
    await page.waitForFunction("document.querySelectorAll('#lag-table tbody tr').length > 0");

    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, 'dashboard.png'), fullPage: true });
    expect(problems).toEqual([]);
  });

  it('serves /console and its assets without a token, but no data', async () => {
    const console = await fetch(`${base}/console`);
    expect(console.status).toBe(200);
    expect(console.headers.get('content-type')).toContain('text/html');
    const script = await fetch(`${base}/console/assets/app.js`);
    expect(script.headers.get('content-type')).toContain('text/javascript');
    expect((await fetch(`${base}/api/ops/incidents`)).status).toBe(401);
  });
});
