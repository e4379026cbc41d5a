import { ALL_DLQ_TOPICS, ALL_TOPICS, dlqTopic, isTopicName, TOPICS } from './topics';

describe('topics', () => {
  it('names the contract topics and their dead-letter twins', () => {
    expect(ALL_TOPICS).toEqual([
      'aidflow.intake.v1',
      'aidflow.funds.v1',
      'aidflow.visits.v1',
      'aidflow.ops.v1',
      'aidflow.audit.v1',
    ]);
    expect(dlqTopic(TOPICS.funds)).toBe('aidflow.funds.v1.dlq');
    expect(ALL_DLQ_TOPICS).toHaveLength(5);
    expect(isTopicName('aidflow.visits.v1')).toBe(true);
    expect(isTopicName('aidflow.visits.v1.dlq')).toBe(false);
  });
});
