import { AuthUser } from '@aidflow/auth';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { NormalizedVisit } from '../visits/visit-content';
import { ConflictsRepository } from './conflicts.repository';

/**
 * A visit refused because another visit already took its cash (two devices, one family): kept as
 * a conflict of the standing visit, so ops see it and the field sees its id; nothing is applied.
 */
@Injectable()
export class CashConflictsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly conflicts: ConflictsRepository,
  ) {}

  /** Conflict ids by disbursement id (for the disbursements a stored visit holds). */
  async record(
    user: AuthUser,
    incoming: NormalizedVisit,
    hash: string,
    disbursementIds: string[],
  ): Promise<Map<string, string>> {
    return this.dataSource.transaction(async (manager) => {
      const holders = await this.conflicts.holdersOf(manager, disbursementIds);
      const ids = new Map<string, string>();
      for (const [disbursementId, visitId] of holders) {
        if (visitId === incoming.id) continue;
        const orgCode = await this.conflicts.orgOf(manager, visitId);
        if (orgCode === undefined) continue;
        ids.set(
          disbursementId,
          await this.conflicts.recordCashConflict(
            manager,
            { visitId, orgCode },
            incoming,
            hash,
            user.sub,
          ),
        );
      }
      return ids;
    });
  }
}
