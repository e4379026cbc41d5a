import { AlertCondition, diffAlerts, yuan } from './alert-conditions';

const condition = (rule: AlertCondition['rule'], subjectId: string): AlertCondition => ({
  rule,
  severity: 'warning',
  subjectType: 'x',
  subjectId,
  message: 'm',
  incidentId: null,
  orgCode: null,
});

describe('diffAlerts', () => {
  it('raises what holds and is not active, clears what is active and no longer holds, once per rule and subject', () => {
    const active = [
      { id: 'a1', rule: 'approval_age', subjectId: 'd1' },
      { id: 'a2', rule: 'site_unvisited', subjectId: 's1' },
    ];
    const holding = [
      condition('approval_age', 'd1'),
      condition('approval_age', 'd2'),
      condition('approval_age', 'd2'),
      condition('delivery_age', 'd1'),
    ];
    const diff = diffAlerts(active, holding);
    expect(diff.raise.map((c) => `${c.rule}:${c.subjectId}`)).toEqual([
      'approval_age:d2',
      'delivery_age:d1',
    ]);
    expect(diff.clear.map((a) => a.id)).toEqual(['a2']);
  });
});

describe('yuan', () => {
  it('formats fen as yuan with two decimals by integer arithmetic', () => {
    expect(yuan(33_500_000)).toBe('335000.00');
    expect(yuan('1234567')).toBe('12345.67');
    expect(yuan(5)).toBe('0.05');
    expect(yuan(-101)).toBe('-1.01');
    expect(yuan(9_007_199_254_740_993n)).toBe('90071992547409.93');
  });
});
