import { canonicalJson, JsonValue } from '@aidflow/audit';
import { AuthUser, ScopeService } from '@aidflow/auth';
import { conflict, notFound, unprocessable } from '@aidflow/platform';
import { UnitOfWork } from '@aidflow/service-kit';
import { Injectable } from '@nestjs/common';
import { NormalizedVisit, visitContentHash } from '../visits/visit-content';
import { ConflictResolution } from '../visits/visit-conflict.entity';
import { ResolveConflictDto } from './dto/resolve-conflict.dto';
import { ConflictsRepository } from './conflicts.repository';

export interface ConflictResolutionView {
  id: string;
  visitId: string;
  status: 'resolved';
  resolution: ConflictResolution;
  note: string;
  resolvedBy: string;
  resolvedAt: string;
}

/**
 * POST /api/visits/conflicts/:id/resolve (CONTRACT.md, Visit conflicts): the chosen version
 * stands, the other stays in the conflict row, both audited; nothing is overwritten silently.
 */
@Injectable()
export class ConflictResolutionService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly conflicts: ConflictsRepository,
    private readonly scope: ScopeService,
  ) {}

  async resolve(
    user: AuthUser,
    id: string,
    dto: ResolveConflictDto,
  ): Promise<ConflictResolutionView> {
    return this.uow.run({}, async (tx) => {
      const manager = tx.manager;
      const row = await this.conflicts.lock(manager, id);
      await this.scope.assertReadable(user, row?.org_code, `conflict ${id}`, manager);
      if (!row) throw notFound(`conflict ${id}`);
      if (row.status === 'resolved') throw conflict(`conflict ${id} is already resolved`);

      let replaced: NormalizedVisit | undefined;
      if (dto.resolution === 'accept_incoming') {
        if (row.kind === 'cash_handed_over') {
          throw unprocessable('the cash was handed over in the standing visit', [
            {
              field: 'resolution',
              problem: `the disbursement was handed over in visit ${row.visit_id}; only keep_existing can resolve a second handover (log a correction for the money)`,
            },
          ]);
        }
        const standing = await this.conflicts.standing(manager, row.visit_id);
        const moved = movedMoneyOrStock(standing, row.incoming);
        if (moved) {
          throw unprocessable('accepting the incoming version would change money or stock', [
            {
              field: 'resolution',
              problem: `the incoming version changes ${moved}, which already moved money or stock; keep the existing version and log a correction`,
            },
          ]);
        }
        // The hash is recomputed: a resend of the accepted version is then a plain duplicate.
        await this.conflicts.applyIncoming(manager, row.incoming, visitContentHash(row.incoming));
        replaced = standing;
      }
      const resolved = await this.conflicts.markResolved(manager, id, {
        resolution: dto.resolution,
        note: dto.note,
        by: user.sub,
        ...(replaced ? { replaced } : {}),
      });
      tx.withoutEvent('no contract event: a resolution changes no money or stock (refused above)');
      tx.record({
        action: 'visit.conflict.resolve',
        targetType: 'visit',
        targetId: row.visit_id,
        orgCode: row.org_code,
        summary: {
          conflictId: id,
          kind: row.kind,
          resolution: dto.resolution,
          note: dto.note,
          standingHash: dto.resolution === 'accept_incoming' ? row.content_hash : undefined,
        },
      });
      return {
        id,
        visitId: row.visit_id,
        status: 'resolved',
        resolution: dto.resolution,
        note: dto.note,
        resolvedBy: user.sub,
        resolvedAt: resolved.resolved_at.toISOString(),
      };
    });
  }
}

/** What of money or stock two versions disagree on (team, site, people met, cash, goods), if any. */
function movedMoneyOrStock(a: NormalizedVisit, b: NormalizedVisit): string | null {
  if (a.teamId !== b.teamId) return 'the team';
  if (a.siteId !== b.siteId) return 'the site';
  const people = (v: NormalizedVisit) => v.beneficiaries.map((x) => x.beneficiaryId).join();
  if (people(a) !== people(b)) return 'the beneficiaries met';
  const same = (x: unknown, y: unknown) =>
    canonicalJson((x ?? null) as JsonValue) === canonicalJson((y ?? null) as JsonValue);
  for (const [i, x] of a.beneficiaries.entries()) {
    const y = b.beneficiaries[i];
    if (!same(x.cash, y?.cash)) return `the cash of beneficiaries.${i}`;
    if (!same(x.goods, y?.goods)) return `the goods of beneficiaries.${i}`;
  }
  return null;
}
