import { MigrationInterface, QueryRunner } from 'typeorm';

/** Conflicts get a kind (same id resent, or cash already handed over) and an audited resolution. */
export class VisitConflictResolution1764900000001 implements MigrationInterface {
  name = 'VisitConflictResolution1764900000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE visit_conflicts
        ADD COLUMN kind text NOT NULL DEFAULT 'same_id' CHECK (kind IN ('same_id','cash_handed_over')),
        -- the other visit's own id (cash_handed_over); a same_id conflict is about visit_id itself
        ADD COLUMN incoming_visit_id uuid,
        ADD COLUMN status text NOT NULL DEFAULT 'open' CHECK (status IN ('open','resolved')),
        ADD COLUMN resolution text CHECK (resolution IN ('keep_existing','accept_incoming')),
        ADD COLUMN resolution_note text,
        ADD COLUMN resolved_by text,
        ADD COLUMN resolved_at timestamptz(3),
        -- the version that stood before accept_incoming replaced it: history, never lost
        ADD COLUMN replaced jsonb,
        ADD CHECK ((status = 'resolved') = (resolution IS NOT NULL AND resolved_at IS NOT NULL)),
        ADD CHECK ((kind = 'cash_handed_over') = (incoming_visit_id IS NOT NULL))`);
    await q.query(
      `CREATE INDEX visit_conflicts_incoming ON visit_conflicts (incoming_visit_id, received_at)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX visit_conflicts_incoming`);
    await q.query(`
      ALTER TABLE visit_conflicts DROP COLUMN kind, DROP COLUMN incoming_visit_id, DROP COLUMN status,
        DROP COLUMN resolution, DROP COLUMN resolution_note, DROP COLUMN resolved_by,
        DROP COLUMN resolved_at, DROP COLUMN replaced`);
  }
}
