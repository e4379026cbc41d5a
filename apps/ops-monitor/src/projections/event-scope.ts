import { AnyTypedEvent } from '@aidflow/contracts';

/** Where an event belongs, for the stream's incident filter and the reader's org scope. */
export interface EventScope {
  incidentId: string | null;
  orgCode: string | null;
}

/** Reads the incident and the responsible union unit from whichever fields the payload has. */
export function eventScope(event: AnyTypedEvent): EventScope {
  const data = event.data as unknown as Record<string, unknown>;
  const text = (key: string): string | null => (typeof data[key] === 'string' ? data[key] : null);
  const orgCode =
    event.type === 'org.registered'
      ? text('code')
      : (text('orgCode') ?? text('leadOrgCode') ?? text('ownerOrgCode') ?? text('fromOrgCode'));
  return { incidentId: text('incidentId'), orgCode };
}

/** The fund a funds-topic event is about, to inherit the incident when the payload has none. */
export function fundOf(event: AnyTypedEvent): string | null {
  const data = event.data as unknown as Record<string, unknown>;
  for (const key of ['fundId', 'fromFundId', 'parentFundId']) {
    if (typeof data[key] === 'string') return data[key];
  }
  return null;
}
