import { idempotencyKey, ok, type Schemas } from '@aidflow/api-client';
import { COTTON_COATS, PASSED_DOWN, SPECIAL_FUND_FEN } from '../maduo-data';
import { eventually, yuan, type Scenario, type User } from '../scenario';

/** 5. The special fund, and 90,000 yuan passed down to three unions. */
export async function specialFund(
  s: Scenario,
  finance: User,
  incidentId: string,
): Promise<Schemas['FundView']> {
  // fund-allocation learns of the incident from its event a moment after it is reported.
  const fund = await eventually('special fund', () =>
    ok(
      finance.api.POST('/api/funds', {
        params: { header: idempotencyKey(`maduo-${s.run}-special-fund`) },
        body: {
          code: `QH-2021-MADUO-SPECIAL-${s.run}`,
          name: '玛多地震专项慰问资金 Maduo earthquake special fund',
          source: 'union',
          purpose: 'condolence',
          ownerOrgCode: 'QH',
          incidentId,
          amountFen: SPECIAL_FUND_FEN,
        },
      }),
    ),
  );
  s.progress(`special fund ${yuan(SPECIAL_FUND_FEN)} yuan created by finance`);
  for (const [i, allocation] of PASSED_DOWN.entries()) {
    await eventually(`allocation to ${allocation.toOrgCode}`, () =>
      ok(
        finance.api.POST('/api/allocations', {
          params: { header: idempotencyKey(`maduo-${s.run}-allocation-${i}`) },
          body: {
            fromFundId: fund.id,
            toOrgCode: allocation.toOrgCode,
            amountFen: allocation.amountFen,
            purpose: 'working',
            note: '专项工作经费 special working funds',
          },
        }),
      ),
    );
  }
  s.progress(
    `${yuan(PASSED_DOWN.reduce((sum, a) => sum + a.amountFen, 0))} yuan allocated to ${PASSED_DOWN.map((a) => a.toOrgCode).join(', ')}`,
  );
  return fund;
}

/** 6. 100 cotton coats received. */
export async function receiveCoats(s: Scenario, finance: User): Promise<void> {
  await ok(
    finance.api.POST('/api/stock/receipts', {
      params: { header: idempotencyKey(`maduo-${s.run}-coats-receipt`) },
      body: {
        orgCode: 'QH',
        itemCode: 'cotton-coat',
        name: '棉衣 cotton coat',
        quantity: COTTON_COATS,
      },
    }),
  );
  s.progress(`${COTTON_COATS} cotton coats received`);
}
