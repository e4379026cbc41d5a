import { EventPayloads, EventType, TypedEvent } from '@aidflow/contracts';
import { EventTap, TestService } from '@aidflow/testing';
import { randomUUID } from 'node:crypto';
import { OpsConfig } from '../config/ops.config';
import { opsToken, registerOrgs, ROOT_ORG, startOps, waitLogged } from '../testing/ops-test-kit';
import { IncidentSummary } from './summary.types';

type FundsEvent = TypedEvent<EventType>;

/** The ledger rules of fund-allocation, re-implemented here from the contract, in publish order. */
function reconcile(
  events: FundsEvent[],
): Map<string, { amount: number; allocatedDown: number; reserved: number; delivered: number }> {
  const funds = new Map<
    string,
    { amount: number; allocatedDown: number; reserved: number; delivered: number }
  >();
  const fund = (id: string) => {
    if (!funds.has(id)) funds.set(id, { amount: 0, allocatedDown: 0, reserved: 0, delivered: 0 });
    return funds.get(id) as {
      amount: number;
      allocatedDown: number;
      reserved: number;
      delivered: number;
    };
  };
  const approved = new Set<string>();
  for (const e of events) {
    if (e.type === 'fund.created')
      fund((e.data as EventPayloads['fund.created']).fundId).amount += (
        e.data as EventPayloads['fund.created']
      ).amountFen;
    if (e.type === 'fund.allocated') {
      const d = e.data as EventPayloads['fund.allocated'];
      fund(d.fromFundId).allocatedDown += d.amountFen;
    }
    if (e.type === 'disbursement.approved') {
      const d = e.data as EventPayloads['disbursement.approved'];
      fund(d.fundId).reserved += d.amountFen;
      approved.add(d.disbursementId);
    }
    if (e.type === 'disbursement.delivered') {
      const d = e.data as EventPayloads['disbursement.delivered'];
      fund(d.fundId).reserved -= d.amountFen;
      fund(d.fundId).delivered += d.amountFen;
      approved.delete(d.disbursementId);
    }
    if (e.type === 'disbursement.rejected' || e.type === 'disbursement.cancelled') {
      const d = e.data as EventPayloads['disbursement.cancelled'];
      if (approved.delete(d.disbursementId)) fund(d.fundId).reserved -= d.amountFen;
    }
  }
  return funds;
}

describe('ops-monitor incident summary', () => {
  let service: TestService<OpsConfig>;
  let tap: EventTap;
  const incidentId = randomUUID();
  const rootFundId = randomUUID();
  const childFundIds = [randomUUID(), randomUUID(), randomUUID()];
  const childOrgs = ['QH-GL', 'QH-GL-MQ', 'QH-GL-MD'];
  const siteIds = [randomUUID(), randomUUID()];
  const funds: FundsEvent[] = [];
  const published: string[] = [];

  async function publish<T extends EventType>(
    type: T,
    aggregateId: string,
    data: EventPayloads[T],
  ): Promise<TypedEvent<T>> {
    const event = await tap.publish(type, aggregateId, data);
    published.push(event.id);
    if (type.startsWith('fund.') || type.startsWith('disbursement.')) funds.push(event);
    return event;
  }

  async function disbursement(
    amountFen: number,
    outcome: 'delivered' | 'rejected' | 'cancelled_after_approval',
    fundId = rootFundId,
  ) {
    const disbursementId = randomUUID();
    const beneficiaryId = randomUUID();
    const common = { disbursementId, fundId, orgCode: ROOT_ORG, incidentId };
    await publish('disbursement.requested', disbursementId, {
      ...common,
      beneficiaryId,
      amountFen,
      purpose: '慰问金',
      requestedBy: 'clerk-1',
    });
    if (outcome === 'rejected') {
      await publish('disbursement.rejected', disbursementId, {
        ...common,
        amountFen,
        reason: 'duplicate request',
        rejectedBy: 'approver-1',
      });
      return;
    }
    await publish('disbursement.approved', disbursementId, {
      ...common,
      beneficiaryId,
      amountFen,
      approvedBy: ['approver-1'],
    });
    if (outcome === 'cancelled_after_approval') {
      await publish('disbursement.cancelled', disbursementId, {
        ...common,
        amountFen,
        cancelledBy: 'approver-1',
        reason: 'moved away',
      });
      return;
    }
    await publish('disbursement.delivered', disbursementId, {
      ...common,
      beneficiaryId,
      amountFen,
      visitId: randomUUID(),
    });
  }

  beforeAll(async () => {
    service = await startOps();
    tap = await new EventTap(service.topicPrefix).start();
    await registerOrgs(service, tap, [
      [ROOT_ORG],
      [ROOT_ORG, 'QH-GL'],
      [ROOT_ORG, 'QH-GL', 'QH-GL-MQ'],
      [ROOT_ORG, 'QH-GL', 'QH-GL-MD'],
    ]);
  });

  afterAll(async () => {
    await tap?.stop();
    await service?.close();
  });

  it('agrees with a reconciliation computed from the same funds events, to the fen', async () => {
    await publish('incident.reported', incidentId, {
      incidentId,
      title: '玛多县7.4级地震',
      kind: 'earthquake',
      occurredAt: '2021-05-22T02:04:00+08:00',
      magnitude: 7.4,
      areaCodes: ['632626'],
      responseLevel: 'II',
      leadOrgCode: ROOT_ORG,
      status: 'open',
    });
    // A delivery of the root fund overtakes the fund's creation (other partition): order must not matter.
    await disbursement(4_500_000, 'delivered');
    await publish('fund.created', rootFundId, {
      fundId: rootFundId,
      code: 'QH-2021-MD-01',
      name: '玛多地震专款',
      source: 'union',
      purpose: 'condolence',
      ownerOrgCode: ROOT_ORG,
      incidentId,
      amountFen: 33_500_000,
    });
    for (const [i, childFundId] of childFundIds.entries()) {
      const allocationId = randomUUID();
      await publish('fund.allocated', rootFundId, {
        allocationId,
        fromFundId: rootFundId,
        toFundId: childFundId,
        fromOrgCode: ROOT_ORG,
        toOrgCode: childOrgs[i],
        amountFen: 3_000_000,
        purpose: '专项工作经费',
        incidentId,
      });
      // Child funds name their parent but (here) not the incident: they belong to it through the parent.
      await publish('fund.created', childFundId, {
        fundId: childFundId,
        code: `QH-2021-MD-01-${i + 1}`,
        name: `专项工作经费 ${childOrgs[i]}`,
        source: 'union',
        purpose: 'working',
        ownerOrgCode: childOrgs[i],
        parentFundId: rootFundId,
        amountFen: 3_000_000,
      });
    }
    await disbursement(1_000_000, 'cancelled_after_approval');
    await disbursement(800_000, 'rejected');
    for (let i = 0; i < 4; i++) await disbursement(5_000_000, 'delivered');
    await waitLogged(service, published);

    const res = await service.app.inject({
      method: 'GET',
      url: `/api/ops/incidents/${incidentId}/summary`,
      headers: { authorization: `Bearer ${await opsToken(['finance'])}` },
    });
    expect(res.statusCode).toBe(200);
    const summary = res.json<IncidentSummary>();

    const expected = reconcile(funds);
    expect(summary.funds.items).toHaveLength(4);
    for (const item of summary.funds.items) {
      const e = expected.get(item.fundId);
      expect(e).toBeDefined();
      if (!e) continue;
      expect(item).toMatchObject({
        amountFen: e.amount,
        allocatedDownFen: e.allocatedDown,
        reservedFen: e.reserved,
        deliveredFen: e.delivered,
        // From the spec's own reconciliation, not the service's: available is a difference there.
        availableFen: e.amount - e.allocatedDown - e.reserved - e.delivered,
      });
    }
    const root = summary.funds.items.find((f) => f.fundId === rootFundId);
    expect(root).toMatchObject({
      amountFen: 33_500_000,
      allocatedDownFen: 9_000_000,
      reservedFen: 0,
      deliveredFen: 24_500_000,
      availableFen: 0,
      source: 'union',
      purpose: 'condolence',
    });
    for (const childFundId of childFundIds) {
      expect(summary.funds.items.find((f) => f.fundId === childFundId)).toMatchObject({
        amountFen: 3_000_000,
        availableFen: 3_000_000,
        parentFundId: rootFundId,
        rootFundId,
      });
    }
    // The incident as a whole: 335,000 yuan in = 245,000 delivered + 90,000 held below.
    expect(summary.funds.totals).toEqual({
      amountFen: 33_500_000,
      allocatedDownFen: 9_000_000,
      reservedFen: 0,
      deliveredFen: 24_500_000,
      availableFen: 9_000_000,
    });
    expect(summary.funds.bySourcePurpose).toEqual([
      {
        source: 'union',
        purpose: 'condolence',
        amountFen: 33_500_000,
        allocatedDownFen: 9_000_000,
        reservedFen: 0,
        deliveredFen: 24_500_000,
        availableFen: 9_000_000,
      },
    ]);
    const byStatus = Object.fromEntries(summary.disbursements.byStatus.map((s) => [s.status, s]));
    expect(byStatus.delivered).toEqual({ status: 'delivered', count: 5, amountFen: 24_500_000 });
    expect(byStatus.cancelled).toEqual({ status: 'cancelled', count: 1, amountFen: 1_000_000 });
    expect(byStatus.rejected).toEqual({ status: 'rejected', count: 1, amountFen: 800_000 });
    expect(summary.disbursements.waiting).toBe(0);
  });

  it('counts visits and distinct beneficiaries per site, goods by item, follow-ups open and overdue', async () => {
    const ids: string[] = [];
    const track = async <T extends EventType>(type: T, key: string, data: EventPayloads[T]) =>
      ids.push((await publish(type, key, data)).id);
    const [site1, site2] = siteIds as [string, string];
    await track('site.registered', site1, {
      siteId: site1,
      incidentId,
      name: '扎陵湖乡安置点',
      kind: 'resettlement',
      areaCode: '632626',
      orgCode: 'QH-GL-MD',
      registeredAt: new Date().toISOString(),
    });
    await track('site.registered', site2, {
      siteId: site2,
      incidentId,
      name: '黄河乡安置点',
      kind: 'resettlement',
      areaCode: '632626',
      orgCode: 'QH-GL-MD',
      registeredAt: new Date().toISOString(),
    });
    const people = [randomUUID(), randomUUID(), randomUUID()];
    for (const [i, person] of people.entries()) {
      await track('beneficiary.registered', person, {
        beneficiaryId: person,
        incidentId,
        siteId: site1,
        idNumberMasked: '632626********123X',
        category: 'affected_family',
        tier: 'deep',
        householdSize: 3 + i,
        orgCode: 'QH-GL-MD',
      });
    }
    const teamId = randomUUID();
    const visits = [randomUUID(), randomUUID()];
    // Two visits to site 1 reach people 1, 2 and again 2: two distinct beneficiaries.
    await track('visit.logged', visits[0] as string, {
      visitId: visits[0],
      teamId,
      siteId: site1,
      incidentId,
      orgCode: 'QH-GL-MD',
      visitedAt: new Date().toISOString(),
      status: 'accepted',
      beneficiaries: [
        { beneficiaryId: people[0], goods: [{ itemCode: 'COAT', quantity: 2 }] },
        { beneficiaryId: people[1], needs: ['psychological'] },
      ],
    });
    await track('visit.logged', visits[1] as string, {
      visitId: visits[1],
      teamId,
      siteId: site1,
      incidentId,
      orgCode: 'QH-GL-MD',
      visitedAt: new Date().toISOString(),
      status: 'accepted',
      beneficiaries: [{ beneficiaryId: people[1] }],
    });
    await track('stock.received', 'QH-GL-MD', {
      receiptId: randomUUID(),
      orgCode: 'QH-GL-MD',
      itemCode: 'COAT',
      name: '棉衣',
      quantity: 100,
    });
    await track('stock.delivered', 'QH-GL-MD', {
      orgCode: 'QH-GL-MD',
      itemCode: 'COAT',
      quantity: 2,
      visitId: visits[0],
      beneficiaryId: people[0],
    });
    await track('stock.delivered', 'QH-GL-MD', {
      orgCode: 'QH-GL-MD',
      itemCode: 'COAT',
      quantity: 98,
      visitId: visits[1],
      beneficiaryId: people[1],
      incidentId,
    });
    const overdue = randomUUID();
    const closed = randomUUID();
    const later = randomUUID();
    await track('followup.opened', overdue, {
      followUpId: overdue,
      visitId: visits[0],
      beneficiaryId: people[1],
      siteId: site1,
      incidentId,
      kind: 'psychological',
      dueAt: '2021-06-01T00:00:00+08:00',
      orgCode: 'QH-GL-MD',
    });
    await track('followup.opened', later, {
      followUpId: later,
      beneficiaryId: people[0],
      siteId: site1,
      incidentId,
      kind: 'psychological',
      dueAt: '2099-01-01T00:00:00+08:00',
      orgCode: 'QH-GL-MD',
    });
    await track('followup.opened', closed, {
      followUpId: closed,
      beneficiaryId: people[2],
      siteId: site1,
      incidentId,
      kind: 'housing',
      dueAt: '2021-06-01T00:00:00+08:00',
      orgCode: 'QH-GL-MD',
    });
    await track('followup.closed', closed, {
      followUpId: closed,
      outcome: 'rehoused',
      orgCode: 'QH-GL-MD',
      incidentId,
    });
    await waitLogged(service, ids);

    const res = await service.app.inject({
      method: 'GET',
      url: `/api/ops/incidents/${incidentId}/summary`,
      headers: { authorization: `Bearer ${await opsToken(['ops'])}` },
    });
    expect(res.statusCode).toBe(200);
    const summary = res.json<IncidentSummary>();
    expect(summary.visits.total).toBe(2);
    expect(summary.visits.beneficiariesReached).toBe(2);
    expect(summary.visits.sites.find((s) => s.siteId === site1)).toMatchObject({
      name: '扎陵湖乡安置点',
      visits: 2,
      beneficiariesReached: 2,
      beneficiariesRegistered: 3,
    });
    expect(summary.visits.sites.find((s) => s.siteId === site2)).toMatchObject({
      visits: 0,
      beneficiariesReached: 0,
    });
    expect(summary.goods).toEqual([{ itemCode: 'COAT', name: '棉衣', quantity: 100 }]);
    expect(summary.followUps).toEqual({
      open: 2,
      overdue: 1,
      byKind: [
        { kind: 'housing', open: 0, overdue: 0 },
        { kind: 'psychological', open: 2, overdue: 1 },
      ],
    });
  });

  it('answers 404 outside the caller’s subtree or for an unknown incident, 403 without the role, 400 for a bad id', async () => {
    const county = await opsToken(['ops'], 'QH-GL-MD');
    const outside = await service.app.inject({
      method: 'GET',
      url: `/api/ops/incidents/${incidentId}/summary`,
      headers: { authorization: `Bearer ${county}` },
    });
    expect(outside.statusCode).toBe(404);
    const ops = await opsToken(['ops']);
    const unknown = await service.app.inject({
      method: 'GET',
      url: `/api/ops/incidents/${randomUUID()}/summary`,
      headers: { authorization: `Bearer ${ops}` },
    });
    expect(unknown.statusCode).toBe(404);
    const field = await opsToken(['field']);
    const forbidden = await service.app.inject({
      method: 'GET',
      url: `/api/ops/incidents/${incidentId}/summary`,
      headers: { authorization: `Bearer ${field}` },
    });
    expect(forbidden.statusCode).toBe(403);
    const bad = await service.app.inject({
      method: 'GET',
      url: `/api/ops/incidents/not-a-uuid/summary`,
      headers: { authorization: `Bearer ${ops}` },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ details: [{ field: 'id' }] });
    const list = await service.app.inject({
      method: 'GET',
      url: `/api/ops/incidents`,
      headers: { authorization: `Bearer ${ops}` },
    });
    expect(list.json<{ items: { id: string }[] }>().items.map((i) => i.id)).toContain(incidentId);
  });
});
