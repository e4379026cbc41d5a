import { TypedEvent } from '@aidflow/contracts';
import { EventContext, HandlesEvent } from '@aidflow/messaging';
import { Injectable } from '@nestjs/common';
import { RelapseRepository } from './relapse.repository';
import { RelapseEvaluator } from './relapse-evaluator.service';

/** Visits from welfare-visit: the last visit per household, then the household's rules again. */
@Injectable()
export class VisitsConsumer {
  constructor(
    private readonly repository: RelapseRepository,
    private readonly evaluator: RelapseEvaluator,
  ) {}

  @HandlesEvent('visit.logged')
  async onVisitLogged(event: TypedEvent<'visit.logged'>, context: EventContext): Promise<void> {
    const at = new Date(event.data.visitedAt);
    // Sorted and once each: row locks taken in one order cannot deadlock with another consumer.
    const ids = [...new Set(event.data.beneficiaries.map((b) => b.beneficiaryId))].sort();
    for (const beneficiaryId of ids) {
      await this.repository.recordVisit(context.manager, beneficiaryId, at);
      await this.evaluator.evaluate(context.manager, beneficiaryId);
    }
  }
}
