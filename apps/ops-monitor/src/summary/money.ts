/** Fen from a pg bigint/numeric string as a JSON number, refusing values a double cannot hold exactly. */
export function fenNumber(value: bigint | string | number | null | undefined): number {
  const big = typeof value === 'bigint' ? value : BigInt(value ?? 0);
  const n = Number(big);
  if (!Number.isSafeInteger(n))
    throw new Error(`amount ${big} fen is beyond the safe integer range`);
  return n;
}
