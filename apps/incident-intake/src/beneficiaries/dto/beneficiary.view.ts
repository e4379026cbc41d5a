import { BeneficiaryCategory, BeneficiaryTier } from '@aidflow/contracts';
import { Beneficiary } from '../beneficiary.entity';

/** What callers see of a person: identifiers only masked. */
export interface BeneficiaryView {
  id: string;
  incidentId: string;
  siteId?: string;
  orgCode: string;
  fullName: string;
  idNumberMasked: string;
  category: BeneficiaryCategory;
  tier: BeneficiaryTier;
  householdSize: number;
  phoneMasked?: string;
  employer?: string;
  consent: boolean;
  createdAt: string;
}

export type BeneficiaryRow = Omit<
  Beneficiary,
  'idNumberCipher' | 'idNumberKeyId' | 'idNumberHash' | 'phoneCipher' | 'phoneKeyId'
>;

export function toBeneficiaryView(row: BeneficiaryRow): BeneficiaryView {
  return {
    id: row.id,
    incidentId: row.incidentId,
    ...(row.siteId !== null ? { siteId: row.siteId } : {}),
    orgCode: row.orgCode,
    fullName: row.fullName,
    idNumberMasked: row.idNumberMasked,
    category: row.category,
    tier: row.tier,
    householdSize: row.householdSize,
    ...(row.phoneMasked !== null ? { phoneMasked: row.phoneMasked } : {}),
    ...(row.employer !== null ? { employer: row.employer } : {}),
    consent: row.consent,
    createdAt: row.createdAt.toISOString(),
  };
}

/** First 3 and last 4 digits of a mobile number. */
export function maskPhone(phone: string): string {
  return `${phone.slice(0, 3)}****${phone.slice(-4)}`;
}
