import {
  EVENT_CATALOGUE,
  EVENT_TYPES,
  findEventDefinition,
  isEventType,
  latestEventDefinition,
  topicOf,
  type EventPayloads,
  type TypedEvent,
} from './catalogue';
import { OrgRegisteredV1 } from './events/intake.events';
import { ALL_TOPICS, TOPICS } from './topics';

describe('event catalogue', () => {
  it('lists each type and version once, on a known topic, with a description', () => {
    const keys = EVENT_CATALOGUE.map((d) => `${d.type}@${d.version}`);
    expect(new Set(keys).size).toBe(keys.length);
    for (const definition of EVENT_CATALOGUE) {
      expect(ALL_TOPICS).toContain(definition.topic);
      expect(definition.description.length).toBeGreaterThan(10);
      expect(definition.payload.name).toMatch(new RegExp(`V${definition.version}$`));
    }
  });

  it('covers the whole v1 contract', () => {
    expect([...EVENT_TYPES].sort()).toEqual(
      [
        'org.registered',
        'incident.reported',
        'incident.status_changed',
        'site.registered',
        'beneficiary.registered',
        'fund.created',
        'fund.allocated',
        'disbursement.requested',
        'disbursement.partially_approved',
        'disbursement.approved',
        'disbursement.rejected',
        'disbursement.cancelled',
        'disbursement.delivered',
        'stock.received',
        'stock.delivered',
        'discrepancy.reported',
        'team.registered',
        'visit.logged',
        'visit.verified',
        'visit.flagged',
        'followup.opened',
        'followup.assigned',
        'followup.closed',
        'alert.raised',
        'alert.cleared',
        'system.probe',
        'advance.requested',
        'advance.partially_approved',
        'advance.issued',
        'advance.rejected',
        'advance.drawn',
        'advance.settled',
        'verification.drawn',
        'verification.discrepancy',
        'audit.sealed',
        'household.assessed',
        'household.tier_changed',
        'household.at_risk',
        'grievance.opened',
        'grievance.assigned',
        'grievance.closed',
        'grievance.overdue',
      ].sort(),
    );
  });

  it('finds definitions by type and version', () => {
    expect(findEventDefinition('org.registered', 1)?.payload).toBe(OrgRegisteredV1);
    expect(findEventDefinition('org.registered', 2)).toBeUndefined();
    expect(findEventDefinition('nothing.happened', 1)).toBeUndefined();
    expect(latestEventDefinition('org.registered').version).toBe(1);
    expect(isEventType('visit.logged')).toBe(true);
    expect(isEventType('visit.eaten')).toBe(false);
  });

  it('keeps superseded versions parseable: alert v1 and v2 with their rules, discrepancy v1', () => {
    expect(findEventDefinition('alert.raised', 1)).toBeDefined();
    expect(findEventDefinition('alert.raised', 2)).toBeDefined();
    expect(latestEventDefinition('alert.raised').version).toBe(3);
    expect(findEventDefinition('discrepancy.reported', 1)).toBeDefined();
    expect(latestEventDefinition('discrepancy.reported').version).toBe(2);
  });

  it('routes each type to its topic', () => {
    expect(topicOf('org.registered')).toBe(TOPICS.intake);
    expect(topicOf('disbursement.approved')).toBe(TOPICS.funds);
    expect(topicOf('visit.logged')).toBe(TOPICS.visits);
    expect(topicOf('alert.raised')).toBe(TOPICS.ops);
    expect(topicOf('system.probe')).toBe(TOPICS.ops);
  });

  it('maps types to payload classes at the type level', () => {
    const payload: EventPayloads['org.registered'] = new OrgRegisteredV1();
    const narrowed = (event: TypedEvent<'disbursement.approved'>): number => event.data.amountFen;
    expect(payload).toBeInstanceOf(OrgRegisteredV1);
    expect(typeof narrowed).toBe('function');
  });
});
