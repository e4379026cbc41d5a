import { ErrorDetail } from '@aidflow/platform';

// PostgreSQL cannot store U+0000 in text or jsonb, and a lone surrogate is not valid UTF-8.
// eslint-disable-next-line no-control-regex -- finding U+0000 is the point
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/**
 * Every string (value or key) under `value` that the database cannot store, named by its dotted
 * path under `path`. A batch item checks itself so one bad visit is refused on its own.
 */
export function unstorableTextDetails(value: unknown, path: string): ErrorDetail[] {
  const details: ErrorDetail[] = [];
  const walk = (node: unknown, at: string, depth: number): void => {
    if (typeof node === 'string') {
      if (UNSTORABLE.test(node)) {
        details.push({ field: at, problem: 'must not contain NUL bytes or lone surrogates' });
      }
      return;
    }
    // Deeper than any visit field: left to the DTO validation, which refuses it anyway.
    if (node === null || typeof node !== 'object' || depth > 8) return;
    for (const [key, child] of Object.entries(node)) {
      const childPath = [at, key].filter(Boolean).join('.');
      if (UNSTORABLE.test(key)) {
        details.push({
          field: childPath,
          problem: 'field name must not contain NUL bytes or lone surrogates',
        });
        continue;
      }
      walk(child, childPath, depth + 1);
    }
  };
  walk(value, path, 0);
  return details;
}
