import { EVENT_CATALOGUE, EVENT_TYPES } from './catalogue';
import { parseEvent, validateEventData, type ParseResult } from './parse-event';
import { withField } from './testing/json-path';
import { sampleEvent, sampleEventData } from './testing/sample-events';

/** Parses `value` serialised as a Kafka message value would be. */
function parse(value: unknown): ParseResult {
  return parseEvent(Buffer.from(JSON.stringify(value)));
}

/** Applies dotted-path edits to a sample envelope of `type`. */
function edited(
  type: (typeof EVENT_TYPES)[number],
  edits: Record<string, unknown>,
): Record<string, unknown> {
  let json: unknown = sampleEvent(type);
  for (const [path, value] of Object.entries(edits)) json = withField(json, path, value);
  return json as Record<string, unknown>;
}

function expectFailure(result: ParseResult, reason: string): Extract<ParseResult, { ok: false }> {
  if (result.ok) throw new Error(`expected ${reason}, but the event parsed`);
  expect(result.reason).toBe(reason);
  return result;
}

function fieldsOf(result: ParseResult): string[] {
  return result.ok ? [] : result.errors.map((e) => e.field);
}

describe('parseEvent', () => {
  it.each(EVENT_CATALOGUE.map((d) => [d.type, d.version] as const))(
    'parses a valid %s v%d',
    (type) => {
      const event = sampleEvent(type);
      const result = parse(event);
      if (!result.ok) throw new Error(`${type}: ${result.message}`);
      expect(result.event).toEqual(event);
      expect(result.definition.type).toBe(type);
    },
  );

  it('accepts a string value as well as a Buffer', () => {
    expect(parseEvent(JSON.stringify(sampleEvent('system.probe'))).ok).toBe(true);
  });

  it('rejects a missing value and bad JSON as malformed_json', () => {
    expectFailure(parseEvent(null), 'malformed_json');
    expectFailure(parseEvent(undefined), 'malformed_json');
    expectFailure(parseEvent(''), 'malformed_json');
    const result = expectFailure(parseEvent('{"id": '), 'malformed_json');
    expect(result.message).toMatch(/not JSON/);
  });

  it('rejects JSON that is not an object as invalid_envelope', () => {
    expectFailure(parseEvent('[1,2]'), 'invalid_envelope');
    expectFailure(parseEvent('null'), 'invalid_envelope');
    expectFailure(parseEvent('"text"'), 'invalid_envelope');
  });

  it('names a missing envelope field once', () => {
    const result = expectFailure(
      parse(edited('org.registered', { correlationId: undefined })),
      'invalid_envelope',
    );
    expect(fieldsOf(result)).toEqual(['correlationId']);
  });

  it('names every bad envelope field, including nested actor fields', () => {
    const json = edited('org.registered', {
      id: 'not-a-uuid',
      version: 0,
      actor: { name: 'Somebody', roles: ['finance', 3] },
      data: 'text',
    });
    const result = expectFailure(parse(json), 'invalid_envelope');
    expect(fieldsOf(result).sort()).toEqual(['actor.roles', 'actor.sub', 'data', 'id', 'version']);
  });

  it('rejects occurredAt without an offset', () => {
    const json = edited('system.probe', { occurredAt: '2021-05-26T10:30:00' });
    const result = expectFailure(parse(json), 'invalid_envelope');
    expect(fieldsOf(result)).toEqual(['occurredAt']);
    expect(result.errors[0].problem).toMatch(/offset/);
  });

  it('rejects a date without a time', () => {
    const result = expectFailure(
      parse(edited('system.probe', { occurredAt: '2021-05-26' })),
      'invalid_envelope',
    );
    expect(fieldsOf(result)).toEqual(['occurredAt']);
  });

  it('accepts occurredAt with a ±hh:mm offset', () => {
    expect(parse(edited('system.probe', { occurredAt: '2021-05-26T10:30:00.123+08:00' })).ok).toBe(
      true,
    );
  });

  it('accepts an aggregateId that is an org code, and rejects one over 200 characters', () => {
    expect(parse(edited('org.registered', { aggregateId: 'QH-GL-MD' })).ok).toBe(true);
    const result = expectFailure(
      parse(edited('org.registered', { aggregateId: 'x'.repeat(201) })),
      'invalid_envelope',
    );
    expect(fieldsOf(result)).toEqual(['aggregateId']);
  });

  it('rejects an unknown type', () => {
    const result = expectFailure(
      parse(edited('system.probe', { type: 'rocket.launched' })),
      'unknown_type',
    );
    expect(fieldsOf(result)).toEqual(['type']);
  });

  it('rejects an unknown version of a known type', () => {
    const result = expectFailure(
      parse(edited('disbursement.approved', { version: 99 })),
      'unknown_type',
    );
    expect(fieldsOf(result)).toEqual(['version']);
    expect(result.message).toMatch(/disbursement\.approved has no version 99/);
  });

  it('names bad nested payload fields by their dotted paths', () => {
    const json = edited('visit.logged', {
      'data.beneficiaries.0.cash.disbursementId': 'nope',
      'data.beneficiaries.0.goods.0.quantity': 0,
      'data.beneficiaries.0.needs': ['psychological', 'karaoke'],
    });
    const result = expectFailure(parse(json), 'invalid_payload');
    expect(fieldsOf(result).sort()).toEqual([
      'data.beneficiaries.0.cash.disbursementId',
      'data.beneficiaries.0.goods.0.quantity',
      'data.beneficiaries.0.needs',
    ]);
  });

  it('rejects non-integer money', () => {
    const json = edited('visit.logged', { 'data.beneficiaries.0.cash.amountFen': 1000.5 });
    const result = expectFailure(parse(json), 'invalid_payload');
    expect(result.errors).toEqual([
      {
        field: 'data.beneficiaries.0.cash.amountFen',
        problem: 'amountFen must be an integer number',
      },
    ]);
  });

  it('rejects money given as a string or beyond the safe-integer range', () => {
    for (const amountFen of ['100000', Number.MAX_SAFE_INTEGER + 2, 0, -5]) {
      const result = expectFailure(
        parse(edited('disbursement.approved', { 'data.amountFen': amountFen })),
        'invalid_payload',
      );
      expect(fieldsOf(result)).toEqual(['data.amountFen']);
    }
  });

  it('rejects a full id number where a masked one is expected', () => {
    const json = edited('beneficiary.registered', { 'data.idNumberMasked': '63262619800101123X' });
    const result = expectFailure(parse(json), 'invalid_payload');
    expect(fieldsOf(result)).toEqual(['data.idNumberMasked']);
  });

  it('rejects a missing required payload field and a bad area code', () => {
    const json = edited('incident.reported', {
      'data.leadOrgCode': undefined,
      'data.areaCodes': ['63262'],
    });
    const result = expectFailure(parse(json), 'invalid_payload');
    expect(fieldsOf(result).sort()).toEqual(['data.areaCodes', 'data.leadOrgCode']);
  });

  it('strips unknown envelope and payload fields instead of rejecting them (tolerant reader)', () => {
    const json = edited('visit.logged', {
      partition: 3,
      'data.futureField': 'x',
      'data.beneficiaries.0.cash.currency': 'CNY',
    });
    const result = parse(json);
    if (!result.ok) throw new Error(result.message);
    expect(result.event).not.toHaveProperty('partition');
    expect(result.event.data).toEqual(sampleEventData['visit.logged']);
  });

  it('returns plain data, not class instances', () => {
    const result = parse(sampleEvent('visit.logged'));
    if (!result.ok || result.event.type !== 'visit.logged')
      throw new Error('expected visit.logged');
    expect(Object.getPrototypeOf(result.event.data)).toBe(Object.prototype);
    expect(Object.getPrototypeOf(result.event.data.beneficiaries[0].cash)).toBe(Object.prototype);
  });
});

describe('validateEventData', () => {
  it.each(EVENT_TYPES.map((type) => [type]))('accepts the sample data of %s', (type) => {
    expect(validateEventData(type, sampleEventData[type])).toEqual([]);
  });

  it('reports paths relative to data', () => {
    const data = { ...sampleEventData['fund.created'], amountFen: -1, source: 'lottery' };
    expect(validateEventData('fund.created', data).map((e) => e.field)).toEqual([
      'source',
      'amountFen',
    ]);
  });

  it('rejects data that is not an object', () => {
    expect(validateEventData('system.probe', 'probe')).toEqual([
      { field: '', problem: 'data must be an object' },
    ]);
  });
});
