/** Returns a deep copy of `value` with the dotted `path` set (or deleted when `replacement` is undefined). */
export function withField(
  value: unknown,
  path: string,
  replacement: unknown,
): Record<string, unknown> {
  const copy = JSON.parse(JSON.stringify(value)) as Record<string, unknown>;
  const keys = path.split('.');
  const last = keys.pop();
  if (last === undefined) throw new Error('withField needs a path');
  let node: unknown = copy;
  for (const key of keys) {
    if (typeof node !== 'object' || node === null)
      throw new Error(`withField: ${path} does not exist`);
    node = (node as Record<string, unknown>)[key];
  }
  if (typeof node !== 'object' || node === null)
    throw new Error(`withField: ${path} does not exist`);
  const parent = node as Record<string, unknown>;
  if (replacement === undefined) delete parent[last];
  else parent[last] = replacement;
  return copy;
}
