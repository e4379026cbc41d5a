import { MASKED_ID_NUMBER_PATTERN } from './validation/fields';

/** Masks a PRC resident id for events and responses: first 6 and last 4 characters kept, 8 '*' between. */
export function maskIdNumber(idNumber: string): string {
  const normalized = idNumber.trim().toUpperCase();
  if (normalized.length !== 18)
    throw new Error('maskIdNumber expects an 18-character resident id number');
  return `${normalized.slice(0, 6)}${'*'.repeat(8)}${normalized.slice(14)}`;
}

export function isMaskedIdNumber(value: string): boolean {
  return MASKED_ID_NUMBER_PATTERN.test(value);
}
