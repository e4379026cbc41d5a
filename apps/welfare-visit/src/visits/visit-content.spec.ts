import { parseVisit, visitContentHash } from './visit-content';

const ID = '6f1c1c9e-8a57-4c1e-9a59-0d8b3a9d8c11';
const TEAM = '1b4e28ba-2fa1-41d2-883f-0016d3cca427';
const SITE = '2c5f39cb-3ab2-42e3-994a-1127e4ddb538';
const PERSON = '3d6a4adc-4bc3-43f4-a55b-2238f5eec649';
const DISBURSEMENT = '4e7b5bed-5cd4-4405-b66c-3349a6ffd75a';

function visit(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: ID,
    teamId: TEAM,
    siteId: SITE,
    visitedAt: '2021-05-26T10:00:00+08:00',
    notes: 'two coats',
    beneficiaries: [
      {
        beneficiaryId: PERSON,
        cash: { disbursementId: DISBURSEMENT, amountFen: 50000 },
        goods: [{ itemCode: 'coat', quantity: 2 }],
        needs: ['psychological', 'medical'],
      },
    ],
    ...overrides,
  };
}

async function hashOf(raw: unknown): Promise<string> {
  const parsed = await parseVisit(raw);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.details));
  return visitContentHash(parsed.visit);
}

describe('visit content', () => {
  it('hashes the same meaning the same: key order, letter case, time offset, needs order', async () => {
    const base = await hashOf(visit());
    const reordered = {
      beneficiaries: [
        {
          needs: ['medical', 'psychological', 'medical'],
          goods: [{ quantity: 2, itemCode: 'coat' }],
          cash: { amountFen: 50000, disbursementId: DISBURSEMENT.toUpperCase() },
          beneficiaryId: PERSON.toUpperCase(),
        },
      ],
      notes: 'two coats',
      visitedAt: '2021-05-26T02:00:00.000Z',
      siteId: SITE,
      teamId: TEAM.toUpperCase(),
      id: ID.toUpperCase(),
    };
    expect(await hashOf(reordered)).toBe(base);
  });

  it('hashes any real change differently', async () => {
    const base = await hashOf(visit());
    expect(await hashOf(visit({ notes: 'three coats' }))).not.toBe(base);
    expect(await hashOf(visit({ visitedAt: '2021-05-26T10:00:01+08:00' }))).not.toBe(base);
    expect(
      await hashOf(
        visit({
          beneficiaries: [{ beneficiaryId: PERSON, goods: [{ itemCode: 'coat', quantity: 3 }] }],
        }),
      ),
    ).not.toBe(base);
  });

  it('names every bad field under the batch path, unknown fields included', async () => {
    const parsed = await parseVisit(
      visit({
        extra: true,
        visitedAt: 'yesterday',
        beneficiaries: [
          {
            beneficiaryId: PERSON,
            goods: [{ itemCode: 'coat', quantity: 0 }],
            cash: { disbursementId: DISBURSEMENT, amountFen: 1.5 },
          },
        ],
      }),
      'visits.3',
    );
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.id).toBe(ID);
    const fields = new Set(parsed.details.map((d) => d.field));
    expect(fields).toEqual(
      new Set([
        'visits.3.extra',
        'visits.3.visitedAt',
        'visits.3.beneficiaries.0.goods.0.quantity',
        'visits.3.beneficiaries.0.cash.amountFen',
      ]),
    );
  });

  it('refuses a visit that is not an object, and one without beneficiaries', async () => {
    expect(await parseVisit('nope', 'visits.7')).toEqual({
      ok: false,
      details: [{ field: 'visits.7', problem: 'must be an object' }],
    });
    const empty = await parseVisit(visit({ beneficiaries: [] }));
    expect(empty.ok).toBe(false);
    if (!empty.ok) expect(empty.details.map((d) => d.field)).toEqual(['beneficiaries']);
  });
});
