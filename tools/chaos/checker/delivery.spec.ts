import { judgeDlq } from './dlq';
import { judgeLag, judgeOutbox } from './spine';
import { faultTable } from './table';
import { verdict } from './verdict';
import { judgeVisits, VisitTrail } from './visits-once';

const at = new Date('2026-12-03T12:00:00Z');
const problems = (verdicts: { problem?: string }[]) =>
  verdicts.filter((v) => v.problem).map((v) => v.problem);

const visit: VisitTrail = {
  id: 'v1',
  createdAt: at,
  visitRows: 1,
  people: 4,
  opsVisitRows: 1,
  opsPeople: 4,
  verifiedCashLines: 4,
  fundsDeliveredDisbursements: 4,
  fundsDeliveryEntries: 4,
  goodsQuantity: 2,
  fundsGoodsQuantity: 2,
  opsGoodsQuantity: 2,
};

describe('visit once', () => {
  it('holds when every trail has it once', () => {
    expect(problems(judgeVisits([visit]))).toEqual([]);
  });

  it('reports a lost visit and goods taken twice', () => {
    expect(problems(judgeVisits([{ ...visit, visitRows: 0 }]))).toEqual([
      '0 rows in welfare-visit',
    ]);
    expect(
      problems(judgeVisits([{ ...visit, fundsGoodsQuantity: 4, opsGoodsQuantity: 4 }])),
    ).toEqual(['funds took 4 of 2 goods; ops shows 4 of 2 goods']);
  });
});

describe('dlq = poison', () => {
  const poison = [{ key: 'chaos-poison-1', topic: 'aidflow.funds.v1', at }];
  const letter = {
    key: 'chaos-poison-1',
    topic: 'aidflow.funds.v1.dlq',
    consumerGroup: 'ops-monitor',
    reason: 'malformed',
    eventType: null,
    receivedAt: at,
  };

  it('holds when the DLQ has each poison once per group and nothing else', () => {
    expect(
      problems(judgeDlq(poison, [letter, { ...letter, consumerGroup: 'welfare-visit' }])),
    ).toEqual([]);
  });

  it('reports a real event dead-lettered, a poison twice in one group, and one never seen', () => {
    const real = { ...letter, key: 'a1b2', reason: 'handler_failed' };
    expect(problems(judgeDlq(poison, [real]))).toEqual([
      'not injected: handler_failed',
      'never dead-lettered',
    ]);
    expect(problems(judgeDlq(poison, [letter, letter]))).toEqual([
      'chaos-poison-1 dead-lettered 2 times by ops-monitor',
    ]);
  });
});

describe('the spine', () => {
  it('an unpublished or parked outbox row and a lagging group are violations', () => {
    const row = {
      schema: 'funds',
      id: 'e1',
      type: 'fund.created',
      createdAt: at,
      published: true,
      parked: false,
    };
    expect(
      problems(judgeOutbox([row, { ...row, published: false }, { ...row, parked: true }])),
    ).toEqual(['not published', 'parked']);
    expect(
      problems(judgeLag([{ group: 'ops-monitor', topic: 'aidflow.funds.v1', lag: 3 }], at)),
    ).toEqual(['lag 3']);
  });
});

describe('fault × invariant table', () => {
  it('counts what changed inside each fault window, and the whole run', () => {
    const inside = new Date('2026-12-03T12:00:10Z');
    const outside = new Date('2026-12-03T13:00:00Z');
    const table = faultTable(
      [
        verdict('visit once', 'visit v1', inside, 'lost'),
        verdict('visit once', 'visit v2', outside, false),
      ],
      [{ kind: 'SIGKILL replica', from: at, to: new Date('2026-12-03T12:00:20Z') }],
    );
    const [header, sigkill, whole] = table.split('\n');
    expect(header).toContain('visit once');
    expect(sigkill).toMatch(/^SIGKILL replica ×1 .* 1 ✗1/);
    expect(whole).toMatch(/^whole run .* 2 ✗1/);
  });
});
