import type { Scenario, User } from '../scenario';

export interface MaduoUsers {
  admin: User;
  ops: User;
  finance: User;
  approver: User;
  /** The second approver an advance above the dual threshold needs. */
  approver2: User;
  field: User;
}

/** The people who act in the replay, each with their own token. */
export async function maduoUsers(s: Scenario): Promise<MaduoUsers> {
  return {
    admin: await s.user('admin-acftu', '全总系统管理员 ACFTU admin', ['admin', 'ops'], 'ACFTU'),
    ops: await s.user('ops-qh', '青海省总工会值班 QH operations', ['ops'], 'QH'),
    finance: await s.user('finance-qh', '青海省总工会财务 QH finance', ['finance'], 'QH'),
    approver: await s.user(
      'approver-qh',
      '青海省总工会副主席 QH vice-chair (approver)',
      ['approver'],
      'QH',
    ),
    approver2: await s.user(
      'approver-qh-2',
      '青海省总工会财务部长 QH head of finance (approver)',
      ['approver'],
      'QH',
    ),
    field: await s.user('field-qh-1', '慰问组 delegation member', ['field'], 'QH'),
  };
}
