import { GrievanceCategory } from '@aidflow/contracts';

const DAY_MS = 86_400_000;

/** Sensitive grievances are due in 1 day, every other one in 30 (the contract's overdue limits). */
export function grievanceDueAt(category: GrievanceCategory, openedAt: Date): Date {
  return new Date(openedAt.getTime() + (category === 'sensitive' ? 1 : 30) * DAY_MS);
}
