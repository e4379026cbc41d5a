import { grievanceDueAt } from './due-date';

describe('grievance due date', () => {
  const opened = new Date('2021-06-01T08:00:00+08:00');
  it('gives sensitive grievances one day', () => {
    expect(grievanceDueAt('sensitive', opened).toISOString()).toBe('2021-06-02T00:00:00.000Z');
  });
  it.each(['payment_verification', 'complaint', 'data_change', 'other'] as const)(
    'gives %s thirty days',
    (category) => {
      expect(grievanceDueAt(category, opened).toISOString()).toBe('2021-07-01T00:00:00.000Z');
    },
  );
});
