// Benchmark (not a test): a 2,000-beneficiary site prepared in Chromium (download + IndexedDB),
// then 500 queued visits with 500 receipts of ~150 KB synced by the app (batch + PUTs + confirms).
// Run: node -r ./tools/register.js apps/console/e2e/bench-field.ts  [BENEFICIARIES=2000 VISITS=500]
import { startSystem } from '@aidflow/testing';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { call, residentId, users } from './kit';

const BENEFICIARIES = Number(process.env.BENEFICIARIES ?? 2000);
const VISITS = Number(process.env.VISITS ?? 500);
const RECEIPT_BYTES = 150 * 1024;

async function pool<T>(items: T[], width: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < items.length) {
        const item = items[next++];
        if (item !== undefined) await work(item);
      }
    }),
  );
}

async function main(): Promise<void> {
  const system = await startSystem('bench_field');
  const profile = mkdtempSync(join(tmpdir(), 'aidflow-bench-'));
  try {
    const base = system.baseUrl;
    const u = await users();
    await call(base, u.admin, 'POST', '/api/orgs', {
      code: 'QH',
      name: '青海工会',
      level: 'province',
    });
    const incident = await call<{ id: string }>(base, u.ops, 'POST', '/api/incidents', {
      title: '玛多县7.4级地震',
      kind: 'earthquake',
      occurredAt: '2021-05-22T02:04:00+08:00',
      areaCodes: ['632626'],
      responseLevel: 'II',
      leadOrgCode: 'QH',
    });
    const site = await call<{ id: string }>(
      base,
      u.ops,
      'POST',
      `/api/incidents/${incident.id}/sites`,
      {
        name: '黄河乡安置点',
        kind: 'resettlement',
        areaCode: '632626',
      },
    );
    const started = Date.now();
    const ids: string[] = [];
    await pool(
      Array.from({ length: BENEFICIARIES }, (_, i) => i),
      8,
      async (i) => {
        for (;;) {
          try {
            const b = await call<{ id: string }>(base, u.field, 'POST', '/api/beneficiaries', {
              incidentId: incident.id,
              siteId: site.id,
              fullName: `牧民 ${i}`,
              idNumber: residentId(3000 + i),
              category: 'affected_family',
              tier: 'relative',
              householdSize: 1 + (i % 6),
              consent: true,
            });
            ids.push(b.id);
            return;
          } catch (error) {
            if (Date.now() - started > 600_000) throw error;
            await new Promise((r) => setTimeout(r, 200));
          }
        }
      },
    );
    console.log(
      `seeded ${ids.length} beneficiaries in ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
    for (;;) {
      try {
        await call(base, u.ops, 'POST', '/api/teams', {
          name: '慰问组',
          orgCode: 'QH',
          memberIds: [u.field.sub],
          siteIds: [site.id],
        });
        break;
      } catch {
        await new Promise((r) => setTimeout(r, 500));
      }
    }

    const context = await chromium.launchPersistentContext(profile, {
      executablePath: '/usr/bin/chromium',
      headless: true,
      args: ['--no-sandbox', '--disable-gpu'],
    });
    await context.addInitScript(
      (s) => sessionStorage.setItem('aidflow.session', s),
      JSON.stringify({ accessToken: u.field.token, expiresAt: Date.now() + 3_600_000 }),
    );
    const page = context.pages()[0] ?? (await context.newPage());
    await page.goto(`${base}/field/prepare`);
    // Wait until intake's events reached welfare-visit (the team's site) before timing.
    await page.waitForSelector('#prepare');
    const t0 = Date.now();
    await page.click('#prepare');
    await page.waitForSelector('#prepare-progress[data-step="done"]', { timeout: 600_000 });
    const prepareMs = Date.now() - t0;
    const held = await page.locator('#prepared [data-key="beneficiaries"]').textContent();

    // 500 visits with ~150 KB receipts (random bytes behind a JPEG signature), written to the queue
    // in the app's IndexedDB layout; the app then syncs them when the queue page opens.
    await page.evaluate(
      async ({ visits, bytes, people, teamSite }) => {
        const open = indexedDB.open('aidflow-field');
        const db: IDBDatabase = await new Promise((res, rej) => {
          open.onsuccess = () => res(open.result);
          open.onerror = () => rej(new Error(String(open.error)));
        });
        const [teamId, siteId] = teamSite;
        const me = JSON.parse(sessionStorage.getItem('aidflow.session') ?? '{}') as {
          accessToken: string;
        };
        const sub = (
          JSON.parse(
            atob((me.accessToken.split('.')[1] ?? '').replace(/-/g, '+').replace(/_/g, '/')),
          ) as { sub: string }
        ).sub;
        for (let i = 0; i < visits; i++) {
          const buffer = new Uint8Array(bytes);
          crypto.getRandomValues(buffer.subarray(0, 65536));
          buffer.set([0xff, 0xd8, 0xff, 0xe0], 0);
          const sha = [...new Uint8Array(await crypto.subtle.digest('SHA-256', buffer))]
            .map((b) => b.toString(16).padStart(2, '0'))
            .join('');
          const id = crypto.randomUUID();
          const now = new Date().toISOString();
          const tx = db.transaction(['visits', 'receipts'], 'readwrite');
          tx.objectStore('visits').put({
            id,
            state: 'queued',
            ownerSub: sub,
            createdAt: now,
            updatedAt: now,
            payload: {
              id,
              teamId,
              siteId,
              visitedAt: now,
              beneficiaries: [{ beneficiaryId: people[i % people.length], receiptSha256: sha }],
            },
          });
          tx.objectStore('receipts').put({
            visitId: id,
            sha256: sha,
            contentType: 'image/jpeg',
            blob: new Blob([buffer], { type: 'image/jpeg' }),
            stored: false,
          });
          await new Promise((res, rej) => {
            tx.oncomplete = res;
            tx.onerror = () => rej(new Error(String(tx.error)));
          });
        }
      },
      {
        visits: VISITS,
        bytes: RECEIPT_BYTES,
        people: ids,
        teamSite: await page.evaluate(async () => {
          const open = indexedDB.open('aidflow-field');
          const db: IDBDatabase = await new Promise(
            (res) => (open.onsuccess = () => res(open.result)),
          );
          const team = await new Promise<{ id: string; siteIds: string[] }>((res) => {
            const r = db.transaction('teams').objectStore('teams').getAll();
            r.onsuccess = () =>
              res((r.result as { id: string; siteIds: string[] }[])[0] ?? { id: '', siteIds: [] });
          });
          return [team.id, team.siteIds[0] ?? ''];
        }),
      },
    );
    await page.goto(`${base}/field/queue`);
    await page
      .waitForSelector(`#queue-summary[data-unsynced="${VISITS}"]`, { timeout: 60_000 })
      .catch(() => undefined);
    const t1 = Date.now();
    await page.waitForSelector('#queue-summary[data-unsynced="0"]', { timeout: 900_000 });
    const syncMs = Date.now() - t1;
    await context.close();
    console.log(
      `prepare: ${held} beneficiaries (site of ${BENEFICIARIES}) ready in ${(prepareMs / 1000).toFixed(2)} s`,
    );
    console.log(
      `sync: ${VISITS} visits + ${VISITS} receipts of ${RECEIPT_BYTES / 1024} KB confirmed in ${(syncMs / 1000).toFixed(2)} s`,
    );
  } finally {
    rmSync(profile, { recursive: true, force: true });
    await system.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
