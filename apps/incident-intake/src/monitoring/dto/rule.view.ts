import { RelapseRuleCode } from '@aidflow/contracts';

export interface RuleView {
  code: RelapseRuleCode;
  enabled: boolean;
  params: object;
  updatedBy?: string;
  updatedAt: string;
}
