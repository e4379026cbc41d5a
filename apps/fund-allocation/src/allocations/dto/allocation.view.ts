import { FundPurpose } from '@aidflow/contracts';
import { FundView } from '../../funds/dto/fund.view';

export interface AllocationView {
  id: string;
  fromFundId: string;
  toFundId: string;
  fromOrgCode: string;
  toOrgCode: string;
  amountFen: number;
  purpose: FundPurpose;
  note?: string;
  createdAt: string;
  /** The new fund held by toOrgCode. */
  childFund: FundView;
}
