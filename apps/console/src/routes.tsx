// Every page of the console, in one table. A workspace adds its pages here (the field app adds
// `{ path: '/field/*', ... }`); the shell builds the navigation from the entries with `nav`.
import type { ComponentType } from 'preact';
import type { Role } from './api/types';
import { AdvanceDetail } from './finance/AdvanceDetail';
import { Advances } from './finance/Advances';
import { ApprovalQueue } from './finance/ApprovalQueue';
import { CallList } from './finance/CallList';
import { FundDetail } from './finance/FundDetail';
import { FundTree } from './finance/FundTree';
import { NewRequest } from './finance/NewRequest';
import { RequestDetail } from './finance/RequestDetail';
import { RequestList } from './finance/RequestList';
import { Reports } from './finance/Reports';
import { Stock } from './finance/Stock';
import { Verifications } from './finance/Verifications';
import { AtRisk } from './ops/AtRisk';
import { BeneficiaryImport } from './ops/BeneficiaryImport';
import { Conflicts } from './ops/Conflicts';
import { DeadLetters } from './ops/DeadLetters';
import { Grievances } from './ops/Grievances';
import { OpsDashboard } from './ops/OpsDashboard';

export type NavKey =
  | 'nav.funds'
  | 'nav.requests'
  | 'nav.newRequest'
  | 'nav.approvals'
  | 'nav.stock'
  | 'nav.ops'
  | 'nav.conflicts'
  | 'nav.dlq'
  | 'advances.nav'
  | 'verify.nav'
  | 'reports.nav'
  | 'households.nav'
  | 'grievances.nav'
  | 'importer.nav';

export interface RouteDef {
  path: string;
  component: ComponentType<{ params: Record<string, string> }>;
  /** Who may open the page (any of). */
  roles: Role[];
  workspace: 'finance' | 'ops' | 'field';
  nav?: NavKey;
}

const FINANCE: Role[] = ['finance', 'approver'];
const OPS: Role[] = ['ops', 'admin'];

export const ROUTES: RouteDef[] = [
  {
    path: '/finance',
    component: FundTree,
    roles: [...FINANCE, ...OPS],
    workspace: 'finance',
    nav: 'nav.funds',
  },
  {
    path: '/finance/funds/:id',
    component: FundDetail,
    roles: [...FINANCE, ...OPS],
    workspace: 'finance',
  },
  {
    path: '/finance/requests',
    component: RequestList,
    roles: FINANCE,
    workspace: 'finance',
    nav: 'nav.requests',
  },
  {
    path: '/finance/requests/new',
    component: NewRequest,
    roles: ['finance'],
    workspace: 'finance',
    nav: 'nav.newRequest',
  },
  { path: '/finance/requests/:id', component: RequestDetail, roles: FINANCE, workspace: 'finance' },
  {
    path: '/finance/approvals',
    component: ApprovalQueue,
    roles: ['approver'],
    workspace: 'finance',
    nav: 'nav.approvals',
  },
  {
    path: '/finance/stock',
    component: Stock,
    roles: ['finance', 'ops', 'admin'],
    workspace: 'finance',
    nav: 'nav.stock',
  },
  {
    path: '/finance/advances',
    component: Advances,
    roles: FINANCE,
    workspace: 'finance',
    nav: 'advances.nav',
  },
  {
    path: '/finance/advances/:id',
    component: AdvanceDetail,
    roles: FINANCE,
    workspace: 'finance',
  },
  {
    path: '/finance/verifications',
    component: Verifications,
    roles: [...FINANCE, 'ops'],
    workspace: 'finance',
    nav: 'verify.nav',
  },
  {
    path: '/finance/verifications/:id',
    component: CallList,
    roles: [...FINANCE, 'ops'],
    workspace: 'finance',
  },
  {
    path: '/finance/reports',
    component: Reports,
    roles: [...FINANCE, ...OPS],
    workspace: 'finance',
    nav: 'reports.nav',
  },
  {
    path: '/ops',
    component: OpsDashboard,
    roles: [...OPS, 'finance'],
    workspace: 'ops',
    nav: 'nav.ops',
  },
  {
    path: '/ops/conflicts',
    component: Conflicts,
    roles: OPS,
    workspace: 'ops',
    nav: 'nav.conflicts',
  },
  {
    path: '/ops/households',
    component: AtRisk,
    roles: OPS,
    workspace: 'ops',
    nav: 'households.nav',
  },
  {
    path: '/ops/grievances',
    component: Grievances,
    roles: OPS,
    workspace: 'ops',
    nav: 'grievances.nav',
  },
  {
    path: '/ops/import',
    component: BeneficiaryImport,
    roles: OPS,
    workspace: 'ops',
    nav: 'importer.nav',
  },
  { path: '/ops/dlq', component: DeadLetters, roles: OPS, workspace: 'ops', nav: 'nav.dlq' },
];

/** Where a user lands after sign-in: the first workspace their roles open. */
export function homeFor(roles: Role[]): string {
  if (roles.includes('approver')) return '/finance/approvals';
  if (roles.includes('finance')) return '/finance';
  if (roles.includes('ops') || roles.includes('admin')) return '/ops';
  if (roles.includes('field'))
    return ROUTES.find((r) => r.workspace === 'field')?.path.replace('/*', '') ?? '/';
  return '/';
}
