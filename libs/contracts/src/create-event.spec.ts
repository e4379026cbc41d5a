import { EVENT_CATALOGUE, latestEventDefinition } from './catalogue';
import { createEvent } from './create-event';
import { parseEvent } from './parse-event';
import { sampleEventData } from './testing/sample-events';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('createEvent', () => {
  it.each(EVENT_CATALOGUE.map((d) => [d.type]))('round-trips %s through parseEvent', (type) => {
    const event = createEvent(type, {
      aggregateId: 'aggregate-1',
      correlationId: 'req-1',
      causationId: 'cause-1',
      actor: { sub: 'user-1', name: 'Field Worker', roles: ['field'], orgCode: 'QH' },
      producer: 'contracts-spec',
      data: sampleEventData[type],
    });
    const result = parseEvent(JSON.stringify(event));
    if (!result.ok) throw new Error(`${type}: ${result.message}`);
    expect(result.event).toEqual(event);
  });

  it('fills id, latest version and occurredAt, and leaves optional fields out', () => {
    const before = Date.now();
    const event = createEvent('system.probe', {
      aggregateId: 'probe',
      correlationId: 'c',
      producer: 'spec',
      data: { seq: 1 },
    });
    expect(event.id).toMatch(UUID);
    expect(event.version).toBe(latestEventDefinition('system.probe').version);
    expect(Date.parse(event.occurredAt)).toBeGreaterThanOrEqual(before);
    expect(event.occurredAt.endsWith('Z')).toBe(true);
    expect(Object.keys(event)).not.toContain('causationId');
    expect(Object.keys(event)).not.toContain('actor');
  });

  it('keeps a given id and occurredAt, so a retried write yields the same event', () => {
    const input = {
      id: '0f8e5a2c-4b9d-4eaa-9cbf-9d0e1f2a3be8',
      occurredAt: '2021-05-26T10:30:00+08:00',
      aggregateId: 'probe',
      correlationId: 'c',
      producer: 'spec',
      data: { seq: 2 },
    };
    expect(createEvent('system.probe', input)).toEqual(createEvent('system.probe', input));
  });

  it('types data by event type', () => {
    createEvent('system.probe', {
      aggregateId: 'probe',
      correlationId: 'c',
      producer: 'spec',
      // @ts-expect-error: system.probe data has no amountFen and requires seq
      data: { amountFen: 1 },
    });
  });
});
