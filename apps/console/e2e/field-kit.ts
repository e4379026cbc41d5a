// What the field app's browser behaviours share: a team of their own (so behaviours sharing one
// system never see each other's sites or cash), approved cash, a signed-in field page (fresh or on
// a persistent profile), preparing and going offline, logging a visit through the form, and
// waiting for what only events carry.
import { expect } from '@jest/globals';
import { eventually } from '@aidflow/testing';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { crc32, deflateSync } from 'node:zlib';
import { ApiFailure, call, type Harness, type TestUser, user } from './kit';

export { eventually };

/** A valid PNG "photo" of 64×48 pixels in a colour unique to `n` (so every receipt hash differs). */
export function photo(n: number): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const out = Buffer.alloc(8 + data.length + 4);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc32(body), 8 + data.length);
    return out;
  };
  const [w, h] = [64, 48];
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0);
  ihdr.writeUInt32BE(h, 4);
  ihdr.set([8, 2, 0, 0, 0], 8);
  const row = Buffer.alloc(1 + w * 3);
  for (let x = 0; x < w; x++)
    row.set([(n * 37) % 256, (n * 11 + x) % 256, (n >> 8) % 256], 1 + x * 3);
  const raw = Buffer.concat(Array.from({ length: h }, () => row));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

export async function fieldTeam(h: Harness, members: TestUser[], siteId: string): Promise<string> {
  const team = await call<{ id: string }>(h.base, h.users.ops, 'POST', '/api/teams', {
    name: `慰问组 ${members.map((m) => m.sub).join('+')} ${Date.now()}`,
    orgCode: 'QH',
    memberIds: members.map((m) => m.sub),
    siteIds: [siteId],
  });
  return team.id;
}

/** A new field user, alone in a new team working `siteId`. */
export async function memberOfNewTeam(
  h: Harness,
  sub: string,
  name: string,
  siteId: string,
): Promise<{ member: TestUser; teamId: string }> {
  const member = await user(sub, name, ['field']);
  return { member, teamId: await fieldTeam(h, [member], siteId) };
}

/** Requested by finance, approved, and listed as approved to the field (what "prepare" reads). */
export async function approvedCash(
  h: Harness,
  beneficiaryId: string,
  amountFen: number,
): Promise<string> {
  const { base, users } = h;
  const request = await call<{ id: string }>(base, users.finance, 'POST', '/api/disbursements', {
    fundId: h.seed.fundId,
    beneficiaryId,
    amountFen,
    purpose: '慰问金',
  });
  await call(base, users.approverA, 'POST', `/api/disbursements/${request.id}/approve`, {});
  await eventually(
    async () => {
      const list = await call<{ items: { id: string }[] }>(
        base,
        users.field,
        'GET',
        `/api/disbursements?status=approved&beneficiaryId=${beneficiaryId}`,
      );
      return list.items.some((d) => d.id === request.id) ? true : undefined;
    },
    { timeoutMs: 30_000, intervalMs: 200, what: 'the approval' },
  );
  return request.id;
}

/**
 * What welfare-visit's replica says of a disbursement, read without side effects: a visit whose
 * amount is off by one fen is always refused, and the refusal names the replica's status.
 */
export async function replicaProblem(
  h: Harness,
  as: TestUser,
  v: { teamId: string; siteId: string; beneficiaryId: string; disbursementId: string },
): Promise<string | undefined> {
  try {
    await call(h.base, as, 'POST', '/api/visits', {
      id: crypto.randomUUID(),
      teamId: v.teamId,
      siteId: v.siteId,
      visitedAt: new Date().toISOString(),
      beneficiaries: [
        {
          beneficiaryId: v.beneficiaryId,
          cash: { disbursementId: v.disbursementId, amountFen: 1 },
        },
      ],
    });
  } catch (error) {
    if (!(error instanceof ApiFailure) || error.status !== 422) throw error;
    const details = (error.body as { details?: { problem: string }[] }).details ?? [];
    return details.map((d) => d.problem).join('; ');
  }
  throw new Error('a visit with a wrong amount was accepted');
}

export interface FieldPage {
  context: BrowserContext;
  page: Page;
  problems: string[];
}

/**
 * A fresh browser profile on /field/prepare holding `who`'s session (seeded once per context, as
 * the console's sign-in leaves it; a later sign-out or expiry stays real).
 */
export async function openFieldAs(
  h: Harness,
  who: TestUser,
  o: { language?: string; expiresAt?: number; serviceWorkers?: 'allow' | 'block' } = {},
): Promise<FieldPage> {
  const language = o.language ?? 'zh-CN';
  const context = await h.browser.newContext({
    viewport: { width: 412, height: 900 },
    locale: language,
    serviceWorkers: o.serviceWorkers ?? 'block',
  });
  await context.addInitScript(
    ({ session, lang }) => {
      if (!localStorage.getItem('e2e.seeded')) {
        sessionStorage.setItem('aidflow.session', session);
        localStorage.setItem('e2e.seeded', '1');
      }
      localStorage.setItem('aidflow.language', lang);
    },
    {
      session: JSON.stringify({
        accessToken: who.token,
        expiresAt: o.expiresAt ?? Date.now() + 3_600_000,
      }),
      lang: language,
    },
  );
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(error.message));
  await page.goto(`${h.base}/field/prepare`);
  return { context, page, problems };
}

/**
 * The field app on a persistent browser profile, so closing and reopening the browser is real.
 * The console keeps its session in sessionStorage (a new browser session starts signed out): the
 * seeded session stands for the user signing in again.
 */
export async function openFieldProfile(
  h: Harness,
  profile: string,
  who: TestUser,
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run'],
    viewport: { width: 412, height: 900 },
  });
  await context.addInitScript(
    (session) => {
      if (!sessionStorage.getItem('aidflow.session'))
        sessionStorage.setItem('aidflow.session', session);
    },
    JSON.stringify({ accessToken: who.token, expiresAt: Date.now() + 3_600_000 }),
  );
  const page = context.pages()[0] ?? (await context.newPage());
  await page.goto(`${h.base}/field/prepare`);
  return { context, page };
}

/** "Download for offline use" and wait until the device holds it. */
export async function prepare(page: Page, timeout = 30_000): Promise<void> {
  await page.click('#prepare');
  await page.waitForSelector('#prepare-progress[data-step="done"]', { timeout });
}

/** Prepared while online, then out of signal (the page keeps working from IndexedDB). */
export async function prepareThenGoOffline(f: {
  context: BrowserContext;
  page: Page;
}): Promise<void> {
  await prepare(f.page);
  await f.context.setOffline(true);
}

/** Waits until the service worker controls the page: the shell must be cached before the network goes. */
export async function shellCached(page: Page): Promise<void> {
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
    for (let i = 0; i < 100 && !navigator.serviceWorker.controller; i++)
      await new Promise((r) => setTimeout(r, 100));
  });
}

/** Logs one visit through the form: one person met, optionally their cash and a receipt photo. */
export async function logVisit(
  page: Page,
  v: { siteId: string; beneficiaryId: string; cash?: boolean; photo?: number },
): Promise<string> {
  if (!page.url().endsWith('/field/log')) await page.click('#tab-log');
  const site = page.locator('#site');
  await site.waitFor();
  if ((await site.inputValue()) !== v.siteId) await site.selectOption(v.siteId);
  const row = page.locator(`#people li[data-beneficiary="${v.beneficiaryId}"]`);
  // The list renders from IndexedDB after the tab opens: wait for the row, not for the click.
  await row.locator('input.met').check();
  if (v.cash) await row.locator('input.cash').check();
  if (v.photo !== undefined) {
    await row.locator('input.receipt').setInputFiles({
      name: `receipt-${v.photo}.png`,
      mimeType: 'image/png',
      buffer: photo(v.photo),
    });
    await row.locator('img.receipt-preview').waitFor();
  }
  // Ticking a person hid the last "saved": the next one is this visit's.
  await page.click('#save-visit');
  return (await page.locator('#saved[data-visit]').getAttribute('data-visit')) ?? '';
}

/** The queue tab, once it shows `unsynced` visits of this user on the device. */
export async function queueShows(page: Page, unsynced: number, timeout = 15_000): Promise<void> {
  if (!page.url().endsWith('/field/queue')) await page.click('#tab-queue');
  await page.waitForSelector(`#queue-summary[data-unsynced="${unsynced}"]`, { timeout });
}

/** The server holds exactly these visits of the team, each once, each receipt stored and byte-identical. */
export async function expectOnServer(h: Harness, teamId: string, ids: string[]): Promise<void> {
  const { base, users } = h;
  const visits = await call<{
    items: { id: string; beneficiaries: { receiptSha256?: string }[] }[];
  }>(base, users.ops, 'GET', `/api/visits?teamId=${teamId}&limit=200`);
  expect(visits.items.map((v) => v.id).sort()).toEqual([...ids].sort());
  for (const v of visits.items) {
    const wanted = v.beneficiaries.flatMap((b) => (b.receiptSha256 ? [b.receiptSha256] : []));
    const detail = await call<{ receipts: { sha256: string; stored: boolean }[] }>(
      base,
      users.ops,
      'GET',
      `/api/visits/${v.id}`,
    );
    expect(detail.receipts).toEqual(wanted.map((sha256) => ({ sha256, stored: true })));
    for (const sha of wanted) {
      const bytes = await fetch(`${base}/api/visits/${v.id}/receipts/${sha}`, {
        headers: { authorization: `Bearer ${users.ops.token}` },
      });
      const got = createHash('sha256')
        .update(Buffer.from(await bytes.arrayBuffer()))
        .digest('hex');
      expect(got).toBe(sha);
    }
  }
}

/** A message of the console's catalogue in one language, up to its first placeholder. */
export function catalogue(language: 'zh-CN' | 'bo' | 'en', key: string): string {
  const all = JSON.parse(
    readFileSync(join(__dirname, '..', 'i18n', `${language}.json`), 'utf8'),
  ) as Record<string, unknown>;
  let at: unknown = all;
  for (const part of key.split('.')) at = (at as Record<string, unknown> | undefined)?.[part];
  if (typeof at !== 'string') throw new Error(`no message ${key} in ${language}`);
  return at.split('{{')[0] ?? '';
}
