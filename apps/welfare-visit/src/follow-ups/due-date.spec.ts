import { NEED_KINDS } from '@aidflow/contracts';
import { FOLLOW_UP_DUE_DAYS, followUpDueAt } from './due-date';

describe('follow-up due dates', () => {
  const visitedAt = new Date('2021-05-26T10:00:00.000Z');

  it('medical in 2 days, psychological in 7, everything else in 14', () => {
    expect(followUpDueAt('medical', visitedAt).toISOString()).toBe('2021-05-28T10:00:00.000Z');
    expect(followUpDueAt('psychological', visitedAt).toISOString()).toBe(
      '2021-06-02T10:00:00.000Z',
    );
    for (const kind of ['housing', 'livelihood', 'other'] as const) {
      expect(followUpDueAt(kind, visitedAt).toISOString()).toBe('2021-06-09T10:00:00.000Z');
    }
  });

  it('has a due period for every need kind', () => {
    for (const kind of NEED_KINDS) expect(FOLLOW_UP_DUE_DAYS[kind]).toBeGreaterThan(0);
  });
});
