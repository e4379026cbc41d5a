/** A JSON value as stored in jsonb. */
export type JsonValue =
  string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

type Redaction = (value: string | number | boolean | null) => JsonValue | undefined;

const remove: Redaction = () => undefined;

/** Keys (any depth, case-insensitive) whose values never reach the audit table in clear. */
const REDACTIONS: ReadonlyMap<string, Redaction> = new Map<string, Redaction>([
  ['idnumber', (value) => (value === null ? null : maskMiddle(String(value), 6, 4))],
  ['phone', (value) => (value === null ? null : maskMiddle(String(value), 3, 4))],
  // A hash or ciphertext of an id number still identifies the person: drop it.
  ['idnumberhash', remove],
  ['idnumbercipher', remove],
]);

/** Keeps the first `head` and last `tail` characters with '*' between; short values are fully masked. */
export function maskMiddle(value: string, head: number, tail: number): string {
  if (value.length <= head + tail) return '*'.repeat(value.length);
  return `${value.slice(0, head)}${'*'.repeat(value.length - head - tail)}${value.slice(-tail)}`;
}

/**
 * Turns a change summary into the JSON stored in audit_log.summary: serialised as JSON would be
 * (dates to strings, undefined dropped) with personal identifiers masked or removed.
 */
export function redactSummary(summary: unknown): JsonValue {
  if (summary === undefined) return {};
  return redactValue(JSON.parse(JSON.stringify(summary)) as JsonValue);
}

function redactValue(value: JsonValue): JsonValue {
  if (Array.isArray(value)) return value.map(redactValue);
  if (value === null || typeof value !== 'object') return value;
  const out: { [key: string]: JsonValue } = {};
  for (const [key, child] of Object.entries(value)) {
    const redaction = REDACTIONS.get(key.toLowerCase());
    if (!redaction) {
      out[key] = redactValue(child);
      continue;
    }
    // Structured values under a sensitive key cannot be masked meaningfully: they are dropped.
    if (typeof child === 'object' && child !== null) continue;
    const redacted = redaction(child);
    if (redacted !== undefined) out[key] = redacted;
  }
  return out;
}
