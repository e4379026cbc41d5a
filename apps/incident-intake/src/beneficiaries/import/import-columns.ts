/** The languages of the template's header row. */
export const IMPORT_LANGUAGES = ['zh-CN', 'bo', 'en'] as const;
export type ImportLanguage = (typeof IMPORT_LANGUAGES)[number];

export const IMPORT_FIELDS = [
  'fullName',
  'idNumber',
  'category',
  'tier',
  'householdSize',
  'siteId',
  'phone',
  'employer',
  'consent',
] as const;
export type ImportField = (typeof IMPORT_FIELDS)[number];

/** Header labels per language; a file may use any of them, or the field names themselves. */
export const IMPORT_HEADERS: { [F in ImportField]: Record<ImportLanguage, string> } = {
  fullName: { 'zh-CN': '姓名', bo: 'མིང་།', en: 'Full name' },
  idNumber: { 'zh-CN': '身份证号', bo: 'ཐོབ་ཐང་ལག་ཁྱེར་ཨང་།', en: 'Resident ID number' },
  category: { 'zh-CN': '类别', bo: 'རིགས།', en: 'Category' },
  tier: { 'zh-CN': '困难层级', bo: 'དཀའ་ངལ་རིམ་པ།', en: 'Tier' },
  householdSize: { 'zh-CN': '家庭人口', bo: 'ཁྱིམ་མིའི་གྲངས།', en: 'Household size' },
  siteId: { 'zh-CN': '安置点编号', bo: 'ས་ཚིགས་ཨང་།', en: 'Site id' },
  phone: { 'zh-CN': '手机号', bo: 'ཁ་པར་ཨང་།', en: 'Mobile phone' },
  employer: { 'zh-CN': '工作单位', bo: 'ལས་གནས།', en: 'Employer' },
  consent: { 'zh-CN': '本人同意登记', bo: 'རང་ཉིད་ཐོ་འགོད་ལ་མོས་མཐུན།', en: 'Consent' },
};

/** Example row of the template (a valid made-up person: GB 11643's example id). */
export const TEMPLATE_EXAMPLE: Record<ImportField, string> = {
  fullName: '才让',
  idNumber: '11010519491231002X',
  category: 'affected_family',
  tier: 'deep',
  householdSize: '4',
  siteId: '',
  phone: '',
  employer: '',
  consent: 'yes',
};

/** The field a header cell names (any language, or the field name), if any. */
export function fieldOfHeader(cell: string): ImportField | undefined {
  const text = cell.trim().replace(/^\uFEFF/, '');
  const lower = text.toLowerCase();
  return IMPORT_FIELDS.find(
    (f) =>
      f.toLowerCase() === lower ||
      Object.values(IMPORT_HEADERS[f]).some((label) => label.toLowerCase() === lower),
  );
}

/** The best of zh-CN / bo / en for an Accept-Language header (zh-CN by default). */
export function importLanguage(accept: string | undefined): ImportLanguage {
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
    if (tag.startsWith('zh')) return 'zh-CN';
  }
  return 'zh-CN';
}
