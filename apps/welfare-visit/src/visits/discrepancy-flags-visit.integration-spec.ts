import { eventually } from '@aidflow/testing';
import { randomUUID } from 'node:crypto';
import { startVisitWorld, VisitWorld, VISITED_AT } from '../testing/visit-test-kit';

// Cash against a disbursement the field knew nothing about is accepted as pending; when the back
// office refuses it (a discrepancy, never a dead letter), the visit itself shows why.
describe('a discrepancy reported by fund-allocation flags its visit (real Postgres, real broker)', () => {
  let world: VisitWorld;
  beforeAll(async () => {
    world = await startVisitWorld(1);
  });
  afterAll(() => world?.stop());

  it('unknown disbursement → pending_verification, then flagged with the reason, line mismatch', async () => {
    const disbursementId = randomUUID();
    const id = randomUUID();
    const res = await world.service.app.inject({
      method: 'POST',
      url: '/api/visits',
      headers: { authorization: `Bearer ${world.fieldToken}`, 'content-type': 'application/json' },
      payload: JSON.stringify({
        id,
        teamId: world.teamId,
        siteId: world.siteId,
        visitedAt: VISITED_AT,
        beneficiaries: [
          { beneficiaryId: world.beneficiaryIds[0], cash: { disbursementId, amountFen: 50_000 } },
        ],
      }),
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ status: 'pending_verification' });

    const reason = `disbursement ${disbursementId}: no such disbursement`;
    await world.publish('discrepancy.reported', disbursementId, {
      kind: 'cash',
      visitId: id,
      disbursementId,
      expected: 0,
      actual: 50_000,
      orgCode: 'GL',
      incidentId: world.incidentId,
      reason,
    });
    const flagged = await eventually(
      async () => {
        const view = await world.service.app.inject({
          method: 'GET',
          url: `/api/visits/${id}`,
          headers: { authorization: `Bearer ${world.fieldToken}` },
        });
        const body = view.json<{
          status: string;
          flagReason?: string;
          beneficiaries: { cash?: { verification: string } }[];
        }>();
        return body.status === 'flagged' ? body : undefined;
      },
      { what: 'the visit flagged' },
    );
    expect(flagged.flagReason).toContain(reason);
    expect(flagged.beneficiaries[0]?.cash?.verification).toBe('mismatch');
    await world.tap.waitFor('visit.flagged', (e) => e.data.visitId === id);
  });
});
