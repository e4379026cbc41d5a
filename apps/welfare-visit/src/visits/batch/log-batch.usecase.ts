// POST /api/visits/batch: every item gets its own result, whatever goes wrong in another.
import { AuthUser } from '@aidflow/auth';
import { Injectable } from '@nestjs/common';
import { VisitBatchDto } from '../dto/visit-batch.dto';
import { VisitBatchResult, VisitSyncResult } from '../dto/visit.view';
import { LogVisit } from '../log-visit/log-visit.usecase';
import { parseVisit, visitContentHash } from '../visit-content';
import { settleBatchItem } from './batch-item-result';
import { VisitBatchWriter } from './visit-batch-writer';

/** All items are validated first; visits without cash are written set-based, the rest one by one, in order. */
@Injectable()
export class LogVisitBatch {
  constructor(
    private readonly batchWriter: VisitBatchWriter,
    private readonly logVisit: LogVisit,
  ) {}

  async logBatch(user: AuthUser, batch: VisitBatchDto): Promise<VisitBatchResult> {
    const parsed = await Promise.all(
      batch.visits.map(async (raw, index) => {
        const path = `visits.${index}`;
        // An item whose validation itself crashes is answered alone below, like a failed write.
        const p = await parseVisit(raw, path).catch((error: unknown) => error as Error);
        const hash = !(p instanceof Error) && p.ok ? visitContentHash(p.visit) : '';
        return { raw, index, path, parsed: p, hash };
      }),
    );
    const fast = await this.batchWriter.write(
      user,
      parsed.flatMap((item) =>
        !(item.parsed instanceof Error) && item.parsed.ok
          ? [{ index: item.index, path: item.path, visit: item.parsed.visit, hash: item.hash }]
          : [],
      ),
    );
    const results: VisitSyncResult[] = [];
    for (const item of parsed) {
      const settled = fast.get(item.index);
      results.push(
        await settleBatchItem(item.raw, item.path, async () => {
          if (settled) return settled;
          if (item.parsed instanceof Error) throw item.parsed;
          return this.logVisit.submitParsed(user, item.parsed, item.hash, item.path);
        }),
      );
    }
    return { results };
  }
}
