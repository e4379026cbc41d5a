// Every page of the console, in one table. A workspace adds its pages here (the field app adds
// `{ path: '/field/*', ... }`); the shell builds the navigation from the entries with `nav`.
import type { ComponentType } from 'preact';
import type { Role } from './api/types';
import { ApprovalQueue } from './finance/ApprovalQueue';
import { FundDetail } from './finance/FundDetail';
import { FundTree } from './finance/FundTree';
import { NewRequest } from './finance/NewRequest';
import { RequestDetail } from './finance/RequestDetail';
import { RequestList } from './finance/RequestList';
import { Stock } from './finance/Stock';
import { Conflicts } from './ops/Conflicts';
import { DeadLetters } from './ops/DeadLetters';
import { OpsDashboard } from './ops/OpsDashboard';

export type NavKey =
  | 'nav.funds'
  | 'nav.requests'
  | 'nav.newRequest'
  | 'nav.approvals'
  | 'nav.stock'
  | 'nav.ops'
  | 'nav.conflicts'
  | 'nav.dlq';

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
