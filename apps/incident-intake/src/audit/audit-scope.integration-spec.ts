import { AuthUser, signDevToken } from '@aidflow/auth';
import { eventually, startTestService, TestService } from '@aidflow/testing';
import { AppModule } from '../app.module';
import { IntakeConfig, SERVICE_NAME } from '../config/intake.config';

interface AuditPage {
  items: {
    action: string;
    targetId: string;
    targetOrgCode?: string;
    actor: { orgCode?: string } | null;
  }[];
  nextCursor: string | null;
}

// GET /api/audit shows an entry only to callers whose subtree holds its target's or its actor's
// org: another province reads nothing of this one, an unknown org reads nothing at all.
describe('GET /api/audit is scoped to the caller’s subtree (real Postgres, real broker)', () => {
  let service: TestService<IntakeConfig>;
  const users = {
    cnAdmin: { sub: 'u-cn-admin', roles: ['admin'], orgCode: 'CN' },
    qhAdmin: { sub: 'u-qh-admin', roles: ['admin'], orgCode: 'QH' },
    qhOps: { sub: 'u-qh-ops', roles: ['ops'], orgCode: 'QH' },
    xzOps: { sub: 'u-xz-ops', roles: ['ops'], orgCode: 'XZ' },
    ghost: { sub: 'u-ghost', roles: ['ops', 'admin'], orgCode: 'NOWHERE' },
  } satisfies Record<string, AuthUser>;
  type Who = keyof typeof users;

  const call = async (who: Who, method: 'GET' | 'POST', url: string, payload?: unknown) => {
    const res = await service.app.inject({
      method,
      url,
      headers: {
        authorization: `Bearer ${await signDevToken(users[who])}`,
        ...(payload ? { 'content-type': 'application/json' } : {}),
      },
      ...(payload ? { payload: JSON.stringify(payload) } : {}),
    });
    return { status: res.statusCode, body: res.json<AuditPage>() };
  };
  const targets = async (who: Who) => {
    const res = await call(who, 'GET', '/api/audit?targetType=org&limit=500');
    expect(res.status).toBe(200);
    return res.body.items.map((i) => i.targetId).sort();
  };

  beforeAll(async () => {
    service = await startTestService({
      serviceName: SERVICE_NAME,
      configClass: IntakeConfig,
      appModule: (config) => AppModule.forRoot(config),
    });
    const org = async (who: Who, code: string, level: string, parentCode?: string) => {
      // The parent must be in the scope replica before a child can be registered under it.
      await eventually(
        async () => {
          const res = await call(who, 'POST', '/api/orgs', {
            code,
            name: `union ${code}`,
            level,
            ...(parentCode ? { parentCode } : {}),
          });
          return res.status === 201 ? true : undefined;
        },
        { what: `org ${code} registered` },
      );
    };
    await org('cnAdmin', 'CN', 'national');
    await org('cnAdmin', 'QH', 'province', 'CN');
    await org('cnAdmin', 'XZ', 'province', 'CN');
    await org('cnAdmin', 'GL', 'prefecture', 'QH');
    await org('qhAdmin', 'MD', 'county', 'GL');
  });
  afterAll(() => service?.close());

  it('a province sees the entries of its subtree (by target org), not the national root’s or another province’s', async () => {
    expect(await targets('qhOps')).toEqual(['GL', 'MD', 'QH']);
    expect(await targets('xzOps')).toEqual(['XZ']);
    const page = await call('qhOps', 'GET', '/api/audit?targetId=MD');
    expect(page.body.items[0]).toMatchObject({ targetOrgCode: 'MD', actor: { orgCode: 'QH' } });
  });

  it('the national root sees everything', async () => {
    expect(await targets('cnAdmin')).toEqual(['CN', 'GL', 'MD', 'QH', 'XZ']);
  });

  it('a token whose org does not exist sees nothing', async () => {
    const res = await call('ghost', 'GET', '/api/audit?limit=500');
    expect(res.status).toBe(200);
    expect(res.body.items).toEqual([]);
  });
});
