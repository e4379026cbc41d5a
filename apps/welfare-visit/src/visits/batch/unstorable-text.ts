import { ErrorDetail, findHostileInput } from '@aidflow/platform';

/**
 * Every string (value or key) under `value` that the database cannot store, named by its dotted
 * path under `path`: the platform's one check, run per item because the batch route leaves its
 * items to the batch (@PerItemInput), so one bad visit is refused on its own.
 */
export function unstorableTextDetails(value: unknown, path: string): ErrorDetail[] {
  return findHostileInput(value, { root: path });
}
