/**
 * The Maduo 2021 response as data (../shared/DOMAIN.md): the union tree, the M7.4 earthquake,
 * the 12 sites the delegation visited, ~400 people, the 335,000-yuan special fund and where it went.
 */

export const ORGS = [
  { code: 'ACFTU', name: '中华全国总工会 All-China Federation of Trade Unions', level: 'national' },
  {
    code: 'QH',
    name: '青海省总工会 Qinghai Provincial Federation of Trade Unions',
    level: 'province',
    parentCode: 'ACFTU',
  },
  {
    code: 'QH-GL',
    name: '果洛藏族自治州总工会 Guoluo Prefecture Federation of Trade Unions',
    level: 'prefecture',
    parentCode: 'QH',
  },
  {
    code: 'QH-GL-MQ',
    name: '玛沁县总工会 Maqin County Federation of Trade Unions',
    level: 'county',
    parentCode: 'QH-GL',
  },
  {
    code: 'QH-GL-MD',
    name: '玛多县总工会 Maduo County Federation of Trade Unions',
    level: 'county',
    parentCode: 'QH-GL',
  },
] as const;

/** Maduo County's administrative division code; the resident ids below are issued there. */
export const MADUO_AREA_CODE = '632626';

export const INCIDENT = {
  title: '青海玛多7.4级地震 Maduo M7.4 earthquake',
  kind: 'earthquake',
  occurredAt: '2021-05-22T02:04:11+08:00',
  magnitude: 7.4,
  epicenter: { lat: 34.59, lon: 98.34 },
  areaCodes: [MADUO_AREA_CODE, '632624'],
  responseLevel: 'I',
  leadOrgCode: 'QH',
} as const;

/** The 12 resettlement sites and work units visited on 26–27 May 2021. */
export const SITES = [
  { name: '扎陵湖乡安置点 Zhalinghu township resettlement site', kind: 'resettlement' },
  { name: '黄河乡安置点 Huanghe township resettlement site', kind: 'resettlement' },
  { name: '玛查理镇安置点 Machali town resettlement site', kind: 'resettlement' },
  { name: '花石峡镇安置点 Huashixia town resettlement site', kind: 'resettlement' },
  { name: '黑河乡安置点 Heihe township resettlement site', kind: 'resettlement' },
  { name: '玛多县城市管理局 County urban-management bureau', kind: 'work_unit' },
  { name: '玛多县交通运输局 County transport bureau', kind: 'work_unit' },
  { name: "玛多县人民医院 County people's hospital", kind: 'work_unit' },
  { name: '玛多县供电公司 County power supply company', kind: 'work_unit' },
  { name: '玛多县住房和城乡建设局 County housing and construction bureau', kind: 'work_unit' },
  { name: '玛多县公安局 County public security bureau', kind: 'work_unit' },
  { name: '玛多县教育局 County education bureau', kind: 'work_unit' },
] as const;

export const FEN_PER_YUAN = 100;
export const SPECIAL_FUND_FEN = 335_000 * FEN_PER_YUAN;
export const PASSED_DOWN = [
  { toOrgCode: 'QH-GL', amountFen: 30_000 * FEN_PER_YUAN },
  { toOrgCode: 'QH-GL-MQ', amountFen: 30_000 * FEN_PER_YUAN },
  { toOrgCode: 'QH-GL-MD', amountFen: 30_000 * FEN_PER_YUAN },
] as const;
export const COTTON_COATS = 100;

export interface Person {
  fullName: string;
  idNumber: string;
  category: 'frontline_worker' | 'affected_family';
  tier: 'deep' | 'relative' | 'accident' | 'none';
  householdSize: number;
  phone?: string;
  employer?: string;
  siteIndex: number;
  /** Condolence money handed over, in fen (0 = goods only). */
  cashFen: number;
  coats: number;
  psychologicalNeed: boolean;
}

const SURNAMES = [
  '才让',
  '多杰',
  '卓玛',
  '扎西',
  '索南',
  '拉毛',
  '尼玛',
  '桑杰',
  '王',
  '李',
  '张',
  '马',
  '韩',
  '周',
];
const GIVEN = ['措', '加', '吉', '本', '旦', '草', '文', '梅', '军', '华', '英', '强'];

/** ISO 7064 MOD 11-2 check character of a PRC resident id's first 17 digits. */
export function residentIdCheckChar(first17: string): string {
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...first17].reduce((acc, digit, i) => acc + Number(digit) * weights[i], 0);
  return '10X98765432'[sum % 11];
}

/** A distinct valid resident id for every k below 16.8 million (birth date and sequence encode k). */
function residentId(k: number): string {
  const sequence = String(k % 1000).padStart(3, '0');
  const dayIndex = Math.floor(k / 1000);
  const day = String(1 + (dayIndex % 28)).padStart(2, '0');
  const month = String(1 + (Math.floor(dayIndex / 28) % 12)).padStart(2, '0');
  const year = 1955 + (Math.floor(dayIndex / 336) % 50);
  const first17 = `${MADUO_AREA_CODE}${year}${month}${day}${sequence}`;
  return first17 + residentIdCheckChar(first17);
}

/**
 * ~400 people: 395 receive condolence money (300 × 500 yuan + 95 × 1,000 yuan = 245,000 yuan),
 * 100 of them (and the 5 without cash) receive cotton coats, one in eight asks for psychological support.
 */
export function people(count = 400, run = 0): Person[] {
  const list: Person[] = [];
  for (let i = 0; i < count; i++) {
    const frontline = i % 3 !== 0;
    const cashFen = i < 300 ? 500 * FEN_PER_YUAN : i < 395 ? 1_000 * FEN_PER_YUAN : 0;
    list.push({
      fullName: `${SURNAMES[i % SURNAMES.length]}${GIVEN[(i * 7) % GIVEN.length]}`,
      // Each replay registers its own people (a person is registered once, across incidents).
      idNumber: residentId(run * count + i),
      category: frontline ? 'frontline_worker' : 'affected_family',
      tier: frontline ? 'none' : (['deep', 'relative', 'accident'] as const)[i % 3],
      householdSize: 1 + (i % 6),
      phone: i % 4 === 0 ? `139${String(10_000_000 + i).slice(-8)}` : undefined,
      employer: frontline ? SITES[5 + (i % 7)].name.split(' ')[0] : undefined,
      siteIndex: i % SITES.length,
      cashFen,
      coats: i >= 300 ? 1 : 0,
      psychologicalNeed: i % 8 === 0,
    });
  }
  return list;
}
