import { ALL_DLQ_TOPICS, ALL_TOPICS } from '@aidflow/contracts';
import { PageQueryDto } from '@aidflow/platform';
import { IsIn, IsOptional } from 'class-validator';

export const DLQ_TOPIC_FILTERS: readonly string[] = [...ALL_TOPICS, ...ALL_DLQ_TOPICS];

export class ListDlqQuery extends PageQueryDto {
  /** A topic (`aidflow.funds.v1`) or its dead-letter topic (`aidflow.funds.v1.dlq`). */
  @IsOptional()
  @IsIn(DLQ_TOPIC_FILTERS)
  topic?: string;
}
