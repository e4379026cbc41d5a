import { AuthUser, signDevToken } from '@aidflow/auth';
import { startTestService, TestService } from '@aidflow/testing';
import { AppModule } from '../app.module';
import { residentIdCheckChar } from '../beneficiaries/resident-id';
import { IntakeConfig, SERVICE_NAME } from '../config/intake.config';

export type Reply = {
  status: number;
  body: Record<string, unknown> & { details?: { field: string; problem: string }[] };
};

export const KIT_USERS = {
  cnAdmin: { sub: 'u-cn-admin', roles: ['admin'], orgCode: 'CN' },
  qhAdmin: { sub: 'u-qh-admin', roles: ['admin'], orgCode: 'QH' },
  qhOps: { sub: 'u-qh-ops', roles: ['ops'], orgCode: 'QH' },
  mdField: { sub: 'u-md-field', roles: ['field'], orgCode: 'MD' },
  xzField: { sub: 'u-xz-field', roles: ['field', 'ops'], orgCode: 'XZ' },
} satisfies Record<string, AuthUser>;
export type Who = keyof typeof KIT_USERS;

let sequence = 100 + Math.floor(Math.random() * 800);
/** A fresh valid resident id (Maduo region code, check digit computed). */
export function freshResidentId(birth = '19850314'): string {
  const first17 = `632626${birth}${String(sequence++ % 1000).padStart(3, '0')}`;
  return first17 + residentIdCheckChar(first17);
}

/** incident-intake on its own schema with the CN → QH → GL → MD and CN → XZ tree and one incident at MD. */
export class IntakeKit {
  readonly tokens = {} as Record<Who, string>;
  incidentId = '';
  siteId = '';

  constructor(readonly service: TestService<IntakeConfig>) {}

  static async start(env: Record<string, string> = {}): Promise<IntakeKit> {
    const service = await startTestService({
      serviceName: SERVICE_NAME,
      configClass: IntakeConfig,
      appModule: (config) => AppModule.forRoot(config),
      env: { MONITORING_INTERVAL_MS: '0', ...env },
    });
    const kit = new IntakeKit(service);
    for (const [name, user] of Object.entries(KIT_USERS))
      kit.tokens[name as Who] = await signDevToken(user);
    return kit;
  }

  async call(
    method: 'GET' | 'POST' | 'PUT',
    url: string,
    who: Who,
    payload?: unknown,
  ): Promise<Reply> {
    const res = await this.service.app.inject({
      method,
      url,
      headers: { authorization: `Bearer ${this.tokens[who]}` },
      ...(payload !== undefined ? { payload: payload as Record<string, unknown> } : {}),
    });
    return { status: res.statusCode, body: res.json() };
  }

  async ok(
    method: 'GET' | 'POST' | 'PUT',
    url: string,
    who: Who,
    payload?: unknown,
  ): Promise<Reply['body']> {
    const reply = await this.call(method, url, who, payload);
    if (reply.status >= 300)
      throw new Error(`${method} ${url} → ${reply.status} ${JSON.stringify(reply.body)}`);
    return reply.body;
  }

  async seedTreeAndIncident(): Promise<void> {
    await this.ok('POST', '/api/orgs', 'cnAdmin', { code: 'CN', name: '全总', level: 'national' });
    for (const [code, parentCode, level] of [
      ['QH', 'CN', 'province'],
      ['XZ', 'CN', 'province'],
      ['GL', 'QH', 'prefecture'],
      ['MD', 'GL', 'county'],
    ] as const) {
      await this.ok('POST', '/api/orgs', 'cnAdmin', { code, name: code, level, parentCode });
    }
    const incident = await this.ok('POST', '/api/incidents', 'cnAdmin', {
      title: 'Maduo M7.4 earthquake',
      kind: 'earthquake',
      occurredAt: '2021-05-22T02:04:00+08:00',
      magnitude: 7.4,
      areaCodes: ['632626'],
      responseLevel: 'I',
      leadOrgCode: 'MD',
    });
    this.incidentId = String(incident.id);
    const site = await this.ok('POST', `/api/incidents/${this.incidentId}/sites`, 'cnAdmin', {
      name: '黄河乡安置点',
      kind: 'resettlement',
      areaCode: '632626',
    });
    this.siteId = String(site.id);
  }

  async register(
    tier: 'deep' | 'relative' | 'accident' | 'none',
    householdSize = 4,
  ): Promise<string> {
    const body = await this.ok('POST', '/api/beneficiaries', 'mdField', {
      incidentId: this.incidentId,
      siteId: this.siteId,
      fullName: '才让',
      idNumber: freshResidentId(),
      category: 'affected_family',
      tier,
      householdSize,
      consent: true,
    });
    return String(body.id);
  }
}
