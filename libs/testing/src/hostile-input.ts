import { signDevToken } from '@aidflow/auth';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import { startTestService, TestService, TestServiceOptions } from './test-service';
import { writeRoutesOf } from './write-routes';

/** One write route of the table: how to call it and what a plausible body looks like. */
export interface HostileWriteRoute {
  /** `POST /api/orgs/:code` exactly as the controller declares it (matched against the app). */
  route: string;
  /** The URL to call, parameters filled in (ids may name nothing: every probe fails before a lookup). */
  url: string;
  /** A body shaped like a valid request: each string leaf gets a NUL, each leaf a wrong type. */
  sample: Record<string, unknown>;
  /**
   * A route whose body is a file (CSV, XLSX), not JSON: the suite that tests its malformed files,
   * named here. The JSON probes do not apply; a JSON body must still be refused in the error shape.
   */
  fileBodyTestedIn?: string;
}

/** A list endpoint and the seeded data another org's token must not see. */
export interface HostileListRoute {
  /** A function when the URL names seeded data (known only after the seed). */
  url: string | (() => string);
  /** Why the seed leaves this list empty (then only the other org's answer is checked). */
  unseeded?: string;
}

export interface HostileSuiteOptions<C extends object> extends TestServiceOptions<C> {
  writes: HostileWriteRoute[];
  /** Write routes whose body is not a JSON object of fields, each with the suite that covers it. */
  exempt?: { route: string; coveredBy: string }[];
  lists: HostileListRoute[];
  /** Creates data in org `ownOrg` (through the API or events) before the list probes run. */
  seed?: (service: TestService<C>, as: (orgCode: string) => Promise<string>) => Promise<void>;
  /** Org whose token owns the seeded data (default CN, the root). */
  ownOrg?: string;
}

type Json = Record<string, unknown> & { details?: { field: string; problem: string }[] };
const ERROR_KEYS = new Set(['statusCode', 'error', 'message', 'details']);
const ALL_ROLES = ['field', 'finance', 'approver', 'ops', 'admin'] as const;
const DEPTH = 10_000;
const OVERSIZE_BYTES = 8 * 1024 * 1024;

/** Dotted paths of every leaf (string, number, boolean) of a sample body. */
export function leavesOf(value: unknown, path = ''): { path: string; value: unknown }[] {
  if (Array.isArray(value))
    return value.flatMap((v, i) => leavesOf(v, path ? `${path}.${i}` : String(i)));
  if (value !== null && typeof value === 'object')
    return Object.entries(value).flatMap(([k, v]) => leavesOf(v, path ? `${path}.${k}` : k));
  return [{ path, value }];
}

/** The sample with each leaf passed through `change` (undefined keeps it). */
export function mapLeaves(value: unknown, change: (leaf: unknown) => unknown): unknown {
  if (Array.isArray(value)) return value.map((v) => mapLeaves(v, change));
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, mapLeaves(v, change)]));
  const changed = change(value);
  return changed === undefined ? value : changed;
}

function wrongTypeOf(leaf: unknown): unknown {
  return typeof leaf === 'string'
    ? 7
    : typeof leaf === 'number'
      ? 'seven'
      : typeof leaf === 'boolean'
        ? 'yes'
        : 7;
}

function expectErrorShape(status: number, body: Json, expected: number): void {
  expect({ status, statusCode: body.statusCode }).toEqual({
    status: expected,
    statusCode: expected,
  });
  expect(typeof body.error).toBe('string');
  expect(typeof body.message).toBe('string');
  for (const key of Object.keys(body)) expect(ERROR_KEYS).toContain(key);
}

/** A detail names a leaf when it is that path or one of its parents (`areaCodes` for `areaCodes.0`). */
function named(details: { field: string }[] | undefined, leaf: string): boolean {
  return (details ?? []).some((d) => d.field === leaf || leaf.startsWith(`${d.field}.`));
}

/**
 * The hostile-input suite of one service, driven by its table of write routes and list endpoints:
 * NUL bytes and lone surrogates in every text field, 10,000-level nesting, an 8 MB body, arrays,
 * wrong types and unknown fields on every write; another org's token on every list; nothing
 * written by any of it. Fails when the app has a write route the table lacks.
 */
export function describeHostileInput<C extends object>(options: HostileSuiteOptions<C>): void {
  describe(`${options.serviceName}: hostile input`, () => {
    let service: TestService<C>;
    let app: NestFastifyApplication;
    let token: string;
    const tokenOf = (orgCode: string, sub = `u-hostile-${orgCode}`) =>
      signDevToken({ sub, roles: ALL_ROLES, orgCode });

    beforeAll(async () => {
      service = await startTestService(options);
      app = service.app;
      token = await tokenOf(options.ownOrg ?? 'CN');
    });
    afterAll(async () => {
      await service?.close();
    });

    async function send(
      route: HostileWriteRoute,
      payload: string,
      bearer = token,
    ): Promise<{ status: number; body: Json }> {
      const [method] = route.route.split(' ');
      const res = await app.inject({
        method: method as 'POST',
        url: route.url,
        headers: { authorization: `Bearer ${bearer}`, 'content-type': 'application/json' },
        payload,
      });
      return { status: res.statusCode, body: res.json<Json>() };
    }

    it('has every write route of the app in its table', () => {
      const declared = writeRoutesOf(app);
      const listed = new Set([
        ...options.writes.map((w) => w.route),
        ...(options.exempt ?? []).map((e) => e.route),
      ]);
      const missing = declared.filter((r) => !listed.has(r));
      const stale = [...listed].filter((r) => !declared.includes(r));
      expect({ missing, stale }).toEqual({ missing: [], stale: [] });
    });

    const fileRoutes = options.writes.filter((w) => w.fileBodyTestedIn !== undefined);
    if (fileRoutes.length > 0)
      it.each(fileRoutes.map((w) => [w.route, w] as const))(
        '%s refuses a JSON body in the error shape',
        async (_name, route) => {
          const { status, body } = await send(route, JSON.stringify(route.sample));
          expectErrorShape(status, body, status === 415 ? 415 : 400);
        },
      );

    const jsonRoutes = options.writes.filter((w) => w.fileBodyTestedIn === undefined);
    describe.each(jsonRoutes.map((w) => [w.route, w] as const))('%s', (_name, route) => {
      let outboxBefore: number;
      beforeAll(async () => {
        outboxBefore = await outboxRows(app);
      });
      afterAll(async () => {
        // Nothing any hostile request did reached the database: no event was written.
        expect(await outboxRows(app)).toBe(outboxBefore);
      });

      const hostileChars = [
        ['a NUL byte', '\u0000'],
        ['a lone high surrogate', '\ud800'],
        ['a lone low surrogate', '\udfff'],
      ] as const;
      const hasText = leavesOf(route.sample).some((l) => typeof l.value === 'string');
      if (!hasText) {
        // A route that takes no fields: the bad characters arrive in a field it does not know.
        it.each(hostileChars)('%s in a field → 400', async (_what, bad) => {
          const { status, body } = await send(route, JSON.stringify({ note: `x${bad}` }));
          expectErrorShape(status, body, 400);
        });
      } else
        it.each(hostileChars)(
          '%s in each text field → 400 naming every one',
          async (_what, bad) => {
            const strings = leavesOf(route.sample).filter((l) => typeof l.value === 'string');
            const poisoned = mapLeaves(route.sample, (v) =>
              typeof v === 'string' ? `${v}${bad}x` : undefined,
            );
            const { status, body } = await send(route, JSON.stringify(poisoned));
            expectErrorShape(status, body, 400);
            for (const leaf of strings)
              expect(body.details).toContainEqual({
                field: leaf.path,
                problem: 'must not contain NUL bytes or lone surrogates',
              });
          },
        );

      it('10,000 levels of nesting → 400 in the error shape', async () => {
        const deep = `{"deep":${'['.repeat(DEPTH)}${']'.repeat(DEPTH)}}`;
        const { status, body } = await send(route, deep);
        expectErrorShape(status, body, 400);
      });

      it('an 8 MB body → 413 in the error shape', async () => {
        const big = JSON.stringify({ ...route.sample, padding: 'x'.repeat(OVERSIZE_BYTES) });
        const { status, body } = await send(route, big);
        expectErrorShape(status, body, 413);
      });

      it.each([
        ['an array', '[1,2]'],
        ['a bare string', '"approved"'],
        ['null', 'null'],
      ])('%s as the body → 400', async (_what, payload) => {
        const { status, body } = await send(route, payload);
        expectErrorShape(status, body, 400);
      });

      it('an unknown field → 400 naming it', async () => {
        const { status, body } = await send(
          route,
          JSON.stringify({ ...route.sample, statusOverride: 'approved' }),
        );
        expectErrorShape(status, body, 400);
        expect(named(body.details, 'statusOverride')).toBe(true);
      });

      // Needs fields to mistype (a route without any is covered by the unknown field).
      if (leavesOf(route.sample).length > 0)
        it('every field wrong-typed → 400 naming each', async () => {
          const leaves = leavesOf(route.sample);
          const { status, body } = await send(
            route,
            JSON.stringify(mapLeaves(route.sample, wrongTypeOf)),
          );
          expectErrorShape(status, body, 400);
          for (const leaf of leaves)
            expect({ leaf: leaf.path, named: named(body.details, leaf.path) }).toEqual({
              leaf: leaf.path,
              named: true,
            });
        });
    });

    describe('lists with another org’s token', () => {
      beforeAll(async () => {
        await options.seed?.(service, (orgCode) => tokenOf(orgCode));
      });

      it.each(options.lists.map((l) => [String(l.url), l] as const))(
        '%s shows nothing of another org',
        async (_url, list) => {
          const url = typeof list.url === 'function' ? list.url() : list.url;
          const get = async (bearer: string) => {
            const res = await app.inject({
              method: 'GET',
              url,
              headers: { authorization: `Bearer ${bearer}` },
            });
            return { status: res.statusCode, body: res.json<Json & { items?: unknown[] }>() };
          };
          const own = await get(token);
          expect(own.status).toBe(200);
          const foreign = await get(await tokenOf('ZZNOWHERE'));
          if (foreign.status === 200) expect(foreign.body.items ?? foreign.body).toEqual([]);
          else expectErrorShape(foreign.status, foreign.body, foreign.status === 403 ? 403 : 404);
          if (options.seed && !list.unseeded)
            expect((own.body.items ?? []).length).toBeGreaterThan(0);
        },
      );
    });
  });
}

async function outboxRows(app: NestFastifyApplication): Promise<number> {
  const [row] = await app
    .get(DataSource)
    .query<{ n: number }[]>('SELECT count(*)::int AS n FROM outbox');
  return row?.n ?? 0;
}
