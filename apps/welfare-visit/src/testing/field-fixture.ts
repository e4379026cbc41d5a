import { AuthUser, signDevToken } from '@aidflow/auth';
import { EventPayloads, EventType } from '@aidflow/contracts';
import { eventually, EventTap, startTestService, TestService } from '@aidflow/testing';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AppModule } from '../app.module';
import { SERVICE_NAME, VisitsConfig } from '../config/visits.config';

/** Users of the fixture: two field members of the team, ops above it, and an outsider. */
export const FIELD_USERS = {
  field1: { sub: 'u-field-1', roles: ['field'], orgCode: 'MD' },
  field2: { sub: 'u-field-2', roles: ['field'], orgCode: 'MD' },
  glOps: { sub: 'u-gl-ops', roles: ['ops'], orgCode: 'GL' },
  outsider: { sub: 'u-field-9', roles: ['field', 'ops'], orgCode: 'XZ' },
} satisfies Record<string, AuthUser>;
export type FieldUser = keyof typeof FIELD_USERS;

export interface FieldFixture {
  service: TestService<VisitsConfig>;
  tap: EventTap;
  tokens: Record<FieldUser, string>;
  incidentId: string;
  siteId: string;
  teamId: string;
  /** Beneficiaries at the site, each with an approved disbursement of `amountFen`. */
  people: { beneficiaryId: string; disbursementId: string; amountFen: number }[];
  db(): DataSource;
  close(): Promise<void>;
}

/**
 * welfare-visit on its own schema and topics, fed the other services' events as they publish
 * them: orgs CN>QH>GL>MD and XZ, one incident, one site, `people` beneficiaries with approved
 * disbursements, and a team of field1 and field2 at the site.
 */
export async function startFieldFixture(
  options: { people?: number; env?: Record<string, string> } = {},
): Promise<FieldFixture> {
  const tokens = Object.fromEntries(
    await Promise.all(
      Object.entries(FIELD_USERS).map(async ([k, u]) => [k, await signDevToken(u)] as const),
    ),
  ) as Record<FieldUser, string>;
  const service = await startTestService({
    serviceName: SERVICE_NAME,
    configClass: VisitsConfig,
    appModule: (config) => AppModule.forRoot(config),
    ...(options.env ? { env: options.env } : {}),
  });
  const tap = await new EventTap(service.topicPrefix).start();
  const publish = <T extends EventType>(type: T, id: string, data: EventPayloads[T]) =>
    tap.publish(type, id, data, {
      producer: type.startsWith('disbursement') ? 'fund-allocation' : 'incident-intake',
    });
  const incidentId = randomUUID();
  const siteId = randomUUID();
  const people = Array.from({ length: options.people ?? 2 }, (_, i) => ({
    beneficiaryId: randomUUID(),
    disbursementId: randomUUID(),
    amountFen: 10000 + i * 100,
  }));
  for (const [code, path] of [
    ['CN', ['CN']],
    ['QH', ['CN', 'QH']],
    ['GL', ['CN', 'QH', 'GL']],
    ['MD', ['CN', 'QH', 'GL', 'MD']],
    ['XZ', ['CN', 'XZ']],
  ] as const) {
    await publish('org.registered', code, {
      code,
      name: `union ${code}`,
      level:
        (['national', 'province', 'prefecture', 'county'] as const)[path.length - 1] ?? 'county',
      ...(path.length > 1 ? { parentCode: path[path.length - 2] } : {}),
      path: [...path],
    });
  }
  await publish('incident.reported', incidentId, {
    incidentId,
    title: 'Maduo M7.4 earthquake',
    kind: 'earthquake',
    occurredAt: '2021-05-22T02:04:00+08:00',
    areaCodes: ['632626'],
    responseLevel: 'I',
    leadOrgCode: 'GL',
    status: 'open',
  });
  await publish('site.registered', siteId, {
    siteId,
    incidentId,
    name: 'Zhalinghu',
    kind: 'resettlement',
    areaCode: '632626',
    orgCode: 'GL',
    registeredAt: new Date().toISOString(),
  });
  for (const p of people) {
    await publish('beneficiary.registered', p.beneficiaryId, {
      beneficiaryId: p.beneficiaryId,
      incidentId,
      siteId,
      idNumberMasked: '632626********123X',
      category: 'affected_family',
      tier: 'deep',
      householdSize: 4,
      orgCode: 'GL',
    });
    await publish('disbursement.approved', p.disbursementId, {
      disbursementId: p.disbursementId,
      fundId: randomUUID(),
      beneficiaryId: p.beneficiaryId,
      amountFen: p.amountFen,
      approvedBy: ['u-approver'],
      orgCode: 'GL',
      incidentId,
    });
  }
  const db = () => service.app.get(DataSource);
  const count = async (table: string) =>
    (await db().query<{ n: number }[]>(`SELECT count(*)::int AS n FROM ${table}`))[0]?.n;
  await eventually(
    async () =>
      (await count('org_replica')) === 5 &&
      // Sites and incidents come on their own topics: a team naming the site needs it here first.
      (await count('site_replica')) === 1 &&
      (await count('incident_replica')) === 1 &&
      (await count('beneficiary_replica')) === people.length &&
      (await count('disbursement_replica')) === people.length
        ? true
        : undefined,
    { what: 'the read models to hold the fixtures', timeoutMs: 30000 },
  );
  const team = await service.app.inject({
    method: 'POST',
    url: '/api/teams',
    headers: { authorization: `Bearer ${tokens.glOps}` },
    payload: {
      name: 'Field team',
      orgCode: 'GL',
      memberIds: [FIELD_USERS.field1.sub, FIELD_USERS.field2.sub],
      siteIds: [siteId],
    },
  });
  if (team.statusCode !== 201) throw new Error(`team: ${team.statusCode} ${team.body}`);
  return {
    service,
    tap,
    tokens,
    incidentId,
    siteId,
    teamId: team.json<{ id: string }>().id,
    people,
    db,
    async close() {
      await tap.stop();
      await service.close();
    },
  };
}
