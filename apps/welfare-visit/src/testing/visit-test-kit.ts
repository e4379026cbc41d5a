// Shared by welfare-visit's behaviour suites: boot, tokens, and a small world (orgs, an incident,
// a site, beneficiaries) published as the other services publish it, plus a team over HTTP.
import { AuthUser, signDevToken } from '@aidflow/auth';
import { EventPayloads, EventType } from '@aidflow/contracts';
import { eventually, EventTap, startTestService, TestService } from '@aidflow/testing';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AppModule } from '../app.module';
import { SERVICE_NAME, VisitsConfig } from '../config/visits.config';

export const VISITED_AT = '2021-05-26T10:00:00+08:00';

export interface VisitWorld {
  service: TestService<VisitsConfig>;
  tap: EventTap;
  incidentId: string;
  siteId: string;
  beneficiaryIds: string[];
  teamId: string;
  /** Token of a field member of the team (org MD under GL under QH). */
  fieldToken: string;
  token(user: AuthUser): Promise<string>;
  publish<T extends EventType>(
    type: T,
    aggregateId: string,
    data: EventPayloads[T],
  ): Promise<unknown>;
  db(): DataSource;
  stop(): Promise<void>;
}

export const FIELD_USER: AuthUser = { sub: 'u-field-1', roles: ['field'], orgCode: 'MD' };

export async function startVisitWorld(
  beneficiaries = 4,
  env: Record<string, string> = {},
): Promise<VisitWorld> {
  const service = await startTestService({
    serviceName: SERVICE_NAME,
    configClass: VisitsConfig,
    appModule: (config) => AppModule.forRoot(config),
    env,
  });
  const tap = await new EventTap(service.topicPrefix).start();
  const publish = <T extends EventType>(type: T, aggregateId: string, data: EventPayloads[T]) =>
    tap.publish(type, aggregateId, data, {
      producer: type.startsWith('disbursement') ? 'fund-allocation' : 'incident-intake',
    });
  const db = () => service.app.get(DataSource);
  const incidentId = randomUUID();
  const siteId = randomUUID();
  const beneficiaryIds = Array.from({ length: beneficiaries }, () => randomUUID());

  for (const path of [
    ['CN'],
    ['CN', 'QH'],
    ['CN', 'QH', 'GL'],
    ['CN', 'QH', 'GL', 'MD'],
    ['CN', 'XZ'],
  ]) {
    const code = path[path.length - 1];
    await publish('org.registered', code, {
      code,
      name: `union ${code}`,
      level:
        (['national', 'province', 'prefecture', 'county'] as const)[path.length - 1] ?? 'county',
      ...(path.length > 1 ? { parentCode: path[path.length - 2] } : {}),
      path,
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
  for (const beneficiaryId of beneficiaryIds) {
    await publish('beneficiary.registered', beneficiaryId, {
      beneficiaryId,
      incidentId,
      siteId,
      idNumberMasked: '632626********123X',
      category: 'affected_family',
      tier: 'deep',
      householdSize: 4,
      orgCode: 'GL',
    });
  }
  const count = async (table: string) =>
    Number((await db().query<{ n: string }[]>(`SELECT count(*)::text AS n FROM ${table}`))[0]?.n);
  await eventually(
    async () =>
      (await count('org_replica')) === 5 &&
      (await count('incident_replica')) === 1 &&
      (await count('site_replica')) === 1 &&
      (await count('beneficiary_replica')) === beneficiaries
        ? true
        : undefined,
    { what: 'the read models to hold the world', timeoutMs: 30000 },
  );

  const ops = await signDevToken({ sub: 'u-qh-ops', roles: ['ops'], orgCode: 'QH' });
  const res = await service.app.inject({
    method: 'POST',
    url: '/api/teams',
    headers: { authorization: `Bearer ${ops}`, 'content-type': 'application/json' },
    payload: JSON.stringify({
      name: 'Qinghai delegation',
      orgCode: 'GL',
      memberIds: [FIELD_USER.sub],
      siteIds: [siteId],
    }),
  });
  if (res.statusCode !== 201) throw new Error(`team not created: ${res.statusCode} ${res.body}`);
  const teamId = res.json<{ id: string }>().id;

  return {
    service,
    tap,
    incidentId,
    siteId,
    beneficiaryIds,
    teamId,
    fieldToken: await signDevToken(FIELD_USER),
    token: (user) => signDevToken(user),
    publish,
    db,
    async stop() {
      await tap.stop();
      await service.close();
    },
  };
}
