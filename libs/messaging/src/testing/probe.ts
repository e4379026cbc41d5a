import { TypedEvent } from '@aidflow/contracts';
import { Injectable } from '@nestjs/common';
import { MigrationInterface, QueryRunner } from 'typeorm';
import { EventContext, HandlesEvent } from '../inbox/handles-event.decorator';
import { NonRetryableError } from '../inbox/non-retryable.error';

/** A consumer's projection for spine tests and the benchmark: deliberately no unique key on
 * event_id, so only the inbox can prevent a redelivered event from being applied twice. */
export class CreateProbeProjection1764000000001 implements MigrationInterface {
  name = 'CreateProbeProjection1764000000001';
  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE probe_projection (
        applied_seq bigserial PRIMARY KEY,
        event_id    uuid NOT NULL,
        seq         integer NOT NULL,
        occurred_at timestamptz NOT NULL,
        applied_at  timestamptz NOT NULL DEFAULT clock_timestamp()
      )`);
  }
  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE probe_projection`);
  }
}

@Injectable()
export class ProbeConsumer {
  @HandlesEvent('system.probe')
  async onProbe(event: TypedEvent<'system.probe'>, { manager }: EventContext): Promise<void> {
    if (event.data.note === 'always-throw') throw new Error('handler refuses this probe');
    if (event.data.note === 'refuse')
      throw new NonRetryableError('this probe can never be applied');
    // Stands for a service's write lock (e.g. the audit trail's), held until the batch commits.
    if (event.data.note === 'take-lock') {
      await manager.query(
        `SELECT pg_advisory_xact_lock(hashtext(current_schema() || '.probe-write-lock'))`,
      );
    }
    await manager.query(
      `INSERT INTO probe_projection (event_id, seq, occurred_at) VALUES ($1, $2, $3)`,
      [event.id, event.data.seq, event.occurredAt],
    );
  }
}
