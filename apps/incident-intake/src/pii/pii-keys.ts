/** One AES-256 key of the ring, by the id stored next to every ciphertext it wrote. */
export interface PiiKey {
  id: string;
  key: Buffer;
}

const KEY_ID_PATTERN = /^[A-Za-z0-9._-]{1,32}$/;
const AES_256_KEY_BYTES = 32;

/** Parses `keyId:base64,keyId:base64`; throws naming the first bad entry (never its key material). */
export function parseKeyRing(value: string): PiiKey[] {
  const problem = keyRingProblem(value);
  if (problem) throw new Error(`PII_ENCRYPTION_KEYS ${problem}`);
  return value.split(',').map((entry) => {
    const [id, material] = entry.trim().split(':') as [string, string];
    return { id, key: Buffer.from(material, 'base64') };
  });
}

/** What is wrong with a key ring setting, or undefined when it is usable. */
export function keyRingProblem(value: unknown): string | undefined {
  if (typeof value !== 'string' || value.trim() === '') return 'must list at least one key';
  const seen = new Set<string>();
  for (const [index, entry] of value.split(',').entries()) {
    const parts = entry.trim().split(':');
    if (parts.length !== 2) return `entry ${index + 1} must look like keyId:base64key`;
    const [id, material] = parts as [string, string];
    if (!KEY_ID_PATTERN.test(id))
      return `entry ${index + 1}: key id must be 1–32 of A–Z a–z 0–9 . _ -`;
    if (seen.has(id)) return `key id ${id} appears twice`;
    seen.add(id);
    if (
      !/^[A-Za-z0-9+/]+={0,2}$/.test(material) ||
      Buffer.from(material, 'base64').length !== AES_256_KEY_BYTES
    ) {
      return `key ${id} must be ${AES_256_KEY_BYTES} bytes in base64`;
    }
  }
  return undefined;
}
