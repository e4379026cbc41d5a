import { sampleEvent } from '@aidflow/contracts';
import { EventContext, HANDLES_EVENT } from '@aidflow/messaging';
import { ForbiddenException, NotFoundException } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { OrgDirectory } from './org-directory';
import { OrgReplicaConsumer } from './org-replica.consumer';
import { ScopeService } from './scope.service';

/** A manager that records SQL and answers from a fixed org tree's paths. */
function fakeManager(paths: Record<string, string[]>): {
  manager: EntityManager;
  calls: unknown[][];
} {
  const calls: unknown[][] = [];
  const query = jest.fn((sql: string, params: unknown[] = []) => {
    calls.push([sql, params]);
    if (sql.includes('WHERE code = $1 AND path @>')) {
      const [code, within] = params as [string, string];
      return Promise.resolve(paths[code]?.includes(within) ? [{ '?column?': 1 }] : []);
    }
    if (sql.includes('SELECT code FROM org_replica')) {
      const [within] = params as [string];
      return Promise.resolve(
        Object.entries(paths)
          .filter(([, path]) => path.includes(within))
          .map(([code]) => ({ code })),
      );
    }
    return Promise.resolve([]);
  });
  return { manager: { query } as unknown as EntityManager, calls };
}

const tree = {
  QH: ['CN', 'QH'],
  QH01: ['CN', 'QH', 'QH01'],
  QH01A: ['CN', 'QH', 'QH01', 'QH01A'],
  QH02: ['CN', 'QH', 'QH02'],
};

describe('ScopeService', () => {
  const { manager } = fakeManager(tree);
  const scope = new ScopeService({ manager } as unknown as DataSource);
  const county = { orgCode: 'QH01' };
  const province = { orgCode: 'QH' };

  it('sees its own org and everything below it', async () => {
    await expect(scope.isWithin(county, 'QH01')).resolves.toBe(true);
    await expect(scope.isWithin(county, 'QH01A')).resolves.toBe(true);
    await expect(scope.isWithin(province, 'QH02')).resolves.toBe(true);
  });

  it('does not see siblings, parents or unknown orgs', async () => {
    await expect(scope.isWithin(county, 'QH02')).resolves.toBe(false);
    await expect(scope.isWithin(county, 'QH')).resolves.toBe(false);
    await expect(scope.isWithin(county, 'XX99')).resolves.toBe(false);
  });

  it('answers 404 to out-of-scope reads and 403 to out-of-scope writes', async () => {
    await expect(scope.assertCanRead(county, 'QH02')).rejects.toBeInstanceOf(NotFoundException);
    await expect(
      scope.assertCanRead(county, 'QH02', undefined, 'fund f1 not found'),
    ).rejects.toThrow('fund f1 not found');
    await expect(scope.assertCanWrite(county, 'QH02')).rejects.toBeInstanceOf(ForbiddenException);
    await expect(scope.assertCanRead(province, 'QH01A')).resolves.toBeUndefined();
    await expect(scope.assertCanWrite(province, 'QH01A')).resolves.toBeUndefined();
  });

  it('lists the subtree for list filters', async () => {
    await expect(scope.subtreeCodes(county)).resolves.toEqual(['QH01', 'QH01A']);
  });

  it('uses the caller transaction when given one', async () => {
    const inTx = fakeManager(tree);
    await scope.isWithin(county, 'QH01', inTx.manager);
    expect(inTx.calls).toHaveLength(1);
  });
});

describe('OrgDirectory.upsert', () => {
  it('upserts idempotently by code', async () => {
    const { manager, calls } = fakeManager({});
    await OrgDirectory.upsert(manager, {
      code: 'QH01',
      name: 'X',
      level: 'county',
      parentCode: 'QH',
      path: ['CN', 'QH', 'QH01'],
    });
    expect(calls[0][0]).toMatch(/ON CONFLICT \(code\) DO UPDATE/);
    expect(calls[0][1]).toEqual(['QH01', 'X', 'county', 'QH', ['CN', 'QH', 'QH01']]);
  });

  it.each([
    [{ code: 'QH01', parentCode: 'QH', path: ['CN', 'QH'] }, /path must list/],
    [{ code: 'QH01', parentCode: 'QH', path: [] }, /path must list/],
    [{ code: 'QH01', parentCode: 'XX', path: ['CN', 'QH', 'QH01'] }, /parentCode does not match/],
    [{ code: 'CN', parentCode: 'XX', path: ['CN'] }, /parentCode does not match/],
  ])('refuses an inconsistent org %j', async (org, error) => {
    const { manager } = fakeManager({});
    await expect(
      OrgDirectory.upsert(manager, { name: 'X', level: 'county', ...org }),
    ).rejects.toThrow(error);
  });
});

describe('OrgReplicaConsumer', () => {
  afterEach(() => jest.restoreAllMocks());

  it('is discoverable as the org.registered handler', () => {
    expect(
      Reflect.getMetadata(HANDLES_EVENT, OrgReplicaConsumer.prototype.onOrgRegistered),
    ).toEqual(['org.registered']);
  });

  it('upserts the registered org in the inbox transaction', async () => {
    const upsert = jest.spyOn(OrgDirectory, 'upsert').mockResolvedValue();
    const event = sampleEvent('org.registered');
    const manager = {} as EntityManager;
    const context: EventContext = {
      manager,
      topic: 'aidflow.intake.v1',
      partition: 0,
      offset: '0',
      groupId: 'g',
    };
    await new OrgReplicaConsumer().onOrgRegistered(event, context);
    expect(upsert).toHaveBeenCalledWith(manager, {
      code: event.data.code,
      name: event.data.name,
      level: event.data.level,
      parentCode: event.data.parentCode,
      path: event.data.path,
    });
  });
});
