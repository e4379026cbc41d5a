import { eventually, EventTap } from '@aidflow/testing';
import { DataSource } from 'typeorm';

/** Announces an incident as incident-intake does, and waits until fund-allocation's replica has it. */
export async function announceIncident(
  tap: EventTap,
  db: () => DataSource,
  incidentId: string,
  leadOrgCode = 'QH',
): Promise<void> {
  await tap.publish(
    'incident.reported',
    incidentId,
    {
      incidentId,
      title: 'Maduo M7.4 earthquake',
      kind: 'earthquake',
      occurredAt: '2021-05-22T02:04:00+08:00',
      areaCodes: ['632626'],
      responseLevel: 'I',
      leadOrgCode,
      status: 'open',
    },
    { producer: 'incident-intake' },
  );
  await eventually(
    async () => {
      const rows = await db().query<unknown[]>(`SELECT 1 FROM incident_replica WHERE id = $1`, [
        incidentId,
      ]);
      return rows.length > 0 ? true : undefined;
    },
    { what: `incident ${incidentId} in the replica` },
  );
}
