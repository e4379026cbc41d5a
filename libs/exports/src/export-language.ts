export const EXPORT_LANGUAGES = ['zh-CN', 'bo', 'en'] as const;
export type ExportLanguage = (typeof EXPORT_LANGUAGES)[number];

/** The first of the caller's Accept-Language tags the exports speak; Chinese by default. */
export function exportLanguage(accept: string | undefined): ExportLanguage {
  const tags = (accept ?? '')
    .split(',')
    .map((part) => {
      const [tag, ...params] = part.trim().split(';');
      const q = params.find((p) => p.trim().startsWith('q='));
      return { tag: (tag ?? '').toLowerCase(), q: q ? Number(q.trim().slice(2)) : 1 };
    })
    .filter((t) => t.tag && t.q > 0)
    .sort((a, b) => b.q - a.q);
  for (const { tag } of tags) {
    if (tag === 'bo' || tag.startsWith('bo-')) return 'bo';
    if (tag === 'en' || tag.startsWith('en-')) return 'en';
    if (tag === 'zh' || tag.startsWith('zh')) return 'zh-CN';
  }
  return 'zh-CN';
}
