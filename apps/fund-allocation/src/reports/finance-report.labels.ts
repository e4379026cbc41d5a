import type { ExportLanguage } from '@aidflow/exports';
import type { AdvanceStatus, DisbursementStatus } from './finance-report.data';

/**
 * The report's words in each language. Terms follow apps/console/i18n/GLOSSARY.md; the Tibetan
 * needs the same native review as the console's.
 */
export interface ReportLabels {
  title: string;
  incident: string;
  generated: (at: string, by: string) => string;
  asOf: (at: string) => string;
  page: (n: number) => string;
  scope: (org: string) => string;
  funds: string;
  identity: string;
  identityNote: string;
  notBalanced: string;
  fundCols: [string, string, string, string, string, string, string];
  terms: { passedDown: string; reserved: string; delivered: string; available: string };
  total: string;
  allocations: string;
  allocationCols: [string, string, string, string, string];
  disbursements: string;
  disbursementCols: [string, string, string];
  disbursementStatus: Record<DisbursementStatus, string>;
  advances: string;
  advanceIdentity: string;
  advanceCols: [string, string, string, string, string, string, string, string];
  advanceStatus: Record<AdvanceStatus, string>;
  verifications: string;
  verificationCols: [string, string, string, string, string, string, string, string];
  none: string;
}

const zh: ReportLabels = {
  title: '财务报告',
  incident: '灾情',
  generated: (at, by) => `生成时间：${at}\u3000生成人：${by}`,
  asOf: (at) => `数据截至 ${at}（同一快照）`,
  page: (n) => `第 ${n} 页`,
  scope: (org) => `范围：${org}及其下级单位`,
  funds: '资金（沿单位树向下）',
  identity: '对账恒等式',
  identityNote: '到位资金 = 已下拨 + 已冻结 + 已发放 + 可用（为零的项不列出）',
  notBalanced: '不平衡',
  fundCols: ['资金', '单位', '到位资金', '已下拨', '已冻结', '已发放', '可用'],
  terms: { passedDown: '已下拨', reserved: '已冻结', delivered: '已发放', available: '可用' },
  total: '合计',
  allocations: '下拨记录',
  allocationCols: ['来源资金', '来源单位', '下级资金', '下级单位', '金额（元）'],
  disbursements: '发放（按状态）',
  disbursementCols: ['状态', '笔数', '金额（元）'],
  disbursementStatus: {
    requested: '待审批',
    partially_approved: '部分审批',
    approved: '已批准',
    delivered: '已发放',
    rejected: '已驳回',
    cancelled: '已取消',
  },
  advances: '备用金及结算',
  advanceIdentity: '领用 = 已发放 + 已退回 + 未结清',
  advanceCols: ['资金', '工作组', '领用', '已发放', '已退回', '未结清', '状态', '结算时间'],
  advanceStatus: {
    requested: '待审批',
    partially_approved: '部分审批',
    issued: '已领用',
    settled: '已结算',
    discrepancy: '差异结算',
    rejected: '已驳回',
  },
  verifications: '抽样核查结果',
  verificationCols: ['资金', '置信度', '误差', '总体', '样本', '已收到', '未收到', '有问题／待核'],
  none: '无',
};

const bo: ReportLabels = {
  title: 'དངུལ་རྩིས་སྙན་ཐོ།',
  incident: 'རྐྱེན་ངན།',
  generated: (at, by) => `བཟོས་པའི་དུས་ཚོད། ${at}\u3000བཟོ་མཁན། ${by}`,
  asOf: (at) => `གྲངས་ཐོ་ ${at} བར།`,
  page: (n) => `ཤོག་ངོས། ${n}`,
  scope: (org) => `ཁྱབ་ཁོངས། ${org} དང་འོག་རིམ།`,
  funds: 'མ་དངུལ།',
  identity: 'རྩིས་ཞིབ་མཉམ་ཐིག',
  identityNote: 'འབྱོར་བའི་མ་དངུལ། = འོག་ཏུ་བགོས་ཟིན། + ཉར་ཚགས་བྱས་ཟིན། + སྤྲད་ཟིན། + བེད་སྤྱོད་རུང་བ།',
  notBalanced: 'མི་མཉམ།',
  fundCols: [
    'མ་དངུལ།',
    'ལས་ཁུངས།',
    'འབྱོར་བའི་མ་དངུལ།',
    'འོག་ཏུ་བགོས་ཟིན།',
    'ཉར་ཚགས་བྱས་ཟིན།',
    'སྤྲད་ཟིན།',
    'བེད་སྤྱོད་རུང་བ།',
  ],
  terms: {
    passedDown: 'འོག་ཏུ་བགོས་ཟིན།',
    reserved: 'ཉར་ཚགས་བྱས་ཟིན།',
    delivered: 'སྤྲད་ཟིན།',
    available: 'བེད་སྤྱོད་རུང་བ།',
  },
  total: 'བསྡོམས།',
  allocations: 'བགོ་འགྲེམ་ཟིན་ཐོ།',
  allocationCols: [
    'ཁུངས་ཀྱི་མ་དངུལ།',
    'ཁུངས་ཀྱི་ལས་ཁུངས།',
    'འོག་རིམ་མ་དངུལ།',
    'འོག་རིམ་ལས་ཁུངས།',
    'གྲངས་ཚད།（ཡོན།）',
  ],
  disbursements: 'སྤྲོད་ལེན།（གནས་སྟངས་ལྟར།）',
  disbursementCols: ['གནས་སྟངས།', 'གྲངས་ཀ', 'གྲངས་ཚད།（ཡོན།）'],
  disbursementStatus: {
    requested: 'ཆོག་མཆན་སྒུག་བཞིན།',
    partially_approved: 'ཆ་ཤས་ཆོག་མཆན།',
    approved: 'ཆོག་མཆན་ཐོབ་ཟིན།',
    delivered: 'སྤྲད་ཟིན།',
    rejected: 'ཕྱིར་སློག་བྱས་ཟིན།',
    cancelled: 'མེད་པར་བཟོས་ཟིན།',
  },
  advances: 'སྔོན་སྤྲོད་དངུལ་དང་རྩིས་འཁྱོངས།',
  advanceIdentity: 'ལེན་པ། = སྤྲད་ཟིན། + ཕྱིར་སློག + མ་འཁྱོངས་པ།',
  advanceCols: [
    'མ་དངུལ།',
    'ལས་དོན་ཚོགས་ཆུང་།',
    'ལེན་པ།',
    'སྤྲད་ཟིན།',
    'ཕྱིར་སློག',
    'མ་འཁྱོངས་པ།',
    'གནས་སྟངས།',
    'རྩིས་འཁྱོངས་དུས་ཚོད།',
  ],
  advanceStatus: {
    requested: 'ཆོག་མཆན་སྒུག་བཞིན།',
    partially_approved: 'ཆ་ཤས་ཆོག་མཆན།',
    issued: 'ལག་སྤྲོད་བྱས་ཟིན།',
    settled: 'རྩིས་འཁྱོངས་ཟིན།',
    discrepancy: 'ཁྱད་པར་ཡོད།',
    rejected: 'ཕྱིར་སློག་བྱས་ཟིན།',
  },
  verifications: 'མཚོན་དཔེའི་ཞིབ་བཤེར།',
  verificationCols: [
    'མ་དངུལ།',
    'ཡིད་ཆེས་ཚད།',
    'ནོར་ཚད།',
    'ཡོངས་གྲངས།',
    'མཚོན་དཔེ།',
    'ལག་ཏུ་འབྱོར།',
    'ལག་ཏུ་མ་འབྱོར།',
    'དཀའ་ངལ། / སྒུག',
  ],
  none: 'མེད།',
};

const en: ReportLabels = {
  title: 'Finance report',
  incident: 'Incident',
  generated: (at, by) => `Generated ${at} by ${by}`,
  asOf: (at) => `Figures as of ${at} (one snapshot)`,
  page: (n) => `Page ${n}`,
  scope: (org) => `Scope: ${org} and the units below it`,
  funds: 'Funds (down the union tree)',
  identity: 'Reconciliation identity',
  identityNote: 'received = passed down + reserved + delivered + available (zero terms left out)',
  notBalanced: 'NOT BALANCED',
  fundCols: ['Fund', 'Union unit', 'Received', 'Passed down', 'Reserved', 'Delivered', 'Available'],
  terms: {
    passedDown: 'passed down',
    reserved: 'reserved',
    delivered: 'delivered',
    available: 'available',
  },
  total: 'Total',
  allocations: 'Allocations down the tree',
  allocationCols: ['From fund', 'From unit', 'To fund', 'To unit', 'Amount (CNY)'],
  disbursements: 'Disbursements by status',
  disbursementCols: ['Status', 'Count', 'Amount (CNY)'],
  disbursementStatus: {
    requested: 'Requested',
    partially_approved: 'Partly approved',
    approved: 'Approved',
    delivered: 'Delivered',
    rejected: 'Rejected',
    cancelled: 'Cancelled',
  },
  advances: 'Cash advances and their settlement',
  advanceIdentity: 'drawn = handed over + returned + outstanding',
  advanceCols: [
    'Fund',
    'Team',
    'Drawn',
    'Handed over',
    'Returned',
    'Outstanding',
    'Status',
    'Settled at',
  ],
  advanceStatus: {
    requested: 'Requested',
    partially_approved: 'Partly approved',
    issued: 'Issued',
    settled: 'Settled',
    discrepancy: 'Discrepancy',
    rejected: 'Rejected',
  },
  verifications: 'Verification by sample',
  verificationCols: [
    'Fund',
    'Confidence',
    'Margin',
    'Population',
    'Sample',
    'Received',
    'Not received',
    'Issues / pending',
  ],
  none: 'none',
};

export const REPORT_LABELS: Record<ExportLanguage, ReportLabels> = { 'zh-CN': zh, bo, en };
