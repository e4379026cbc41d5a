import { NeedKind } from '@aidflow/contracts';

/** How soon a need found on a visit must be followed up. */
export const FOLLOW_UP_DUE_DAYS: Readonly<Record<NeedKind, number>> = {
  medical: 2,
  psychological: 7,
  housing: 14,
  livelihood: 14,
  other: 14,
};

const DAY_MS = 24 * 60 * 60 * 1000;

export function followUpDueAt(kind: NeedKind, from: Date): Date {
  return new Date(from.getTime() + FOLLOW_UP_DUE_DAYS[kind] * DAY_MS);
}
