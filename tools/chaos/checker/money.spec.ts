import { judgeAdvances } from './advances';
import { FundBooks, judgeBooks } from './books';
import { judgeDeliveries } from './deliveries';
import { judgeOpsBooks, OpsFigures } from './ops-summary';

const at = new Date('2026-12-03T12:00:00Z');

/** 1,000 in: 300 allocated down, 200 reserved, 400 delivered, 100 available, ledger agreeing. */
function fund(overrides: Partial<FundBooks> = {}): FundBooks {
  return {
    id: 'f1',
    updatedAt: at,
    amount: 1000n,
    allocatedDown: 300n,
    reserved: 200n,
    delivered: 400n,
    available: 100n,
    ledger: {
      funding: -1000n,
      allocatedDown: 300n,
      reserved: 200n,
      delivered: 400n,
      available: 100n,
    },
    unbalancedMovements: 0,
    ...overrides,
  };
}

const problems = (verdicts: { problem?: string }[]) =>
  verdicts.filter((v) => v.problem).map((v) => v.problem);

describe('fund books', () => {
  it('hold when the identity and the ledger agree', () => {
    expect(problems(judgeBooks([fund()]))).toEqual([]);
  });

  it('report a broken identity', () => {
    expect(
      problems(
        judgeBooks([fund({ available: 101n, ledger: { ...fund().ledger, available: 101n } })]),
      ),
    ).toEqual(['amount 1000 ≠ 1001 (allocated down + reserved + delivered + available)']);
  });

  it('report a balance its ledger rows do not add up to, and an unbalanced movement', () => {
    const [, ledger] = judgeBooks([
      fund({ ledger: { ...fund().ledger, delivered: 800n }, unbalancedMovements: 1 }),
    ]);
    expect(ledger.problem).toBe('delivered 400 vs ledger 800; 1 movements do not sum to zero');
  });
});

describe('ops = funds', () => {
  const same: OpsFigures = {
    amount: 1000n,
    allocatedDown: 300n,
    reserved: 200n,
    delivered: 400n,
    available: 100n,
  };

  it('holds to the fen', () => {
    expect(problems(judgeOpsBooks([fund()], new Map([['f1', same]])))).toEqual([]);
  });

  it('reports a fen of difference and a fund ops never saw', () => {
    const off = new Map([['f1', { ...same, delivered: 401n, available: 99n }]]);
    expect(problems(judgeOpsBooks([fund()], off))).toEqual([
      'delivered: ops 401 vs funds 400; available: ops 99 vs funds 100',
    ]);
    expect(problems(judgeOpsBooks([fund()], new Map()))).toEqual(['missing from operations']);
  });
});

describe('deliveries and advances', () => {
  it('a disbursement delivered twice breaks delivery ≤ 1', () => {
    const once = {
      id: 'd1',
      updatedAt: at,
      status: 'delivered',
      deliveryEntries: 1,
      deliveredSteps: 1,
      draws: 1,
    };
    expect(problems(judgeDeliveries([once]))).toEqual([]);
    expect(problems(judgeDeliveries([{ ...once, deliveryEntries: 2, deliveredSteps: 2 }]))).toEqual(
      [
        '2 delivery movements; delivered 2 times in its history; status delivered with 2 delivery movements',
      ],
    );
    expect(problems(judgeDeliveries([{ ...once, status: 'approved' }]))).toEqual([
      'status approved with 1 delivery movements',
    ]);
  });

  it('an advance must be whole and handed over exactly its draws', () => {
    const whole = {
      id: 'a1',
      updatedAt: at,
      status: 'settled',
      amount: 500n,
      handedOver: 500n,
      returned: 0n,
      outstanding: 0n,
      drawn: 500n,
    };
    expect(problems(judgeAdvances([whole]))).toEqual([]);
    expect(problems(judgeAdvances([{ ...whole, drawn: 1000n }]))).toEqual([
      'handed over 500 but draws add up to 1000',
    ]);
    expect(
      problems(judgeAdvances([{ ...whole, handedOver: 400n, outstanding: 50n, drawn: 400n }])),
    ).toEqual([
      'amount 500 ≠ 450 (handed over + returned + outstanding); settled with 50 outstanding',
    ]);
  });
});
