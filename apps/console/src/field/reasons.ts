// The server's refusal details (English, for developers and logs) in the user's language: known
// problems by their meaning, anything else shown as sent so nothing is hidden.
import type { TFunction } from 'i18next';
import type { ResultDetail, VisitPayload } from './db';

const KNOWN: [RegExp, string][] = [
  [/kept for review as conflict ([0-9a-f-]{36})/, 'field.reason.conflict'],
  [/already been handed over/, 'field.reason.handedOver'],
  [/is (rejected|cancelled|requested), not approved/, 'field.reason.notApproved'],
  [/must equal the approved amount/, 'field.reason.amount'],
  [/is not a disbursement of this beneficiary/, 'field.reason.notTheirs'],
  [/is not one of the team's sites/, 'field.reason.site'],
  [/not a member of this team/, 'field.reason.notMember'],
  [/is not a registered beneficiary/, 'field.reason.unknownPerson'],
  [/more than 10 minutes in the future/, 'field.reason.clock'],
];

export function explain(
  t: TFunction,
  detail: ResultDetail,
  visit: VisitPayload,
  names: Map<string, string>,
): string {
  const index = /beneficiaries\.(\d+)/.exec(detail.field)?.[1];
  const person =
    index !== undefined ? visit.beneficiaries[Number(index)]?.beneficiaryId : undefined;
  const who = person ? (names.get(person) ?? person) : undefined;
  for (const [pattern, key] of KNOWN) {
    const match = pattern.exec(detail.problem);
    if (match) {
      const text = t(key as 'field.reason.conflict', { conflict: match[1] ?? '' });
      return who ? `${who}: ${text}` : text;
    }
  }
  return `${who ?? detail.field}: ${detail.problem}`;
}
