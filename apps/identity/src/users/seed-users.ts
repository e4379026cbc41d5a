// Users seeded at start in development: fixed, printed passwords (production refuses to seed).
import { NewUser } from './user-directory';

export type SeedSet = 'dev' | 'maduo';

/** One user per role of the dev org, as `npm start` lists them. */
export function devUsers(orgCode: string): NewUser[] {
  const one = (sub: string, name: string, roles: NewUser['roles']): NewUser => ({
    sub,
    username: sub,
    password: `${sub}-dev-pass`,
    name,
    roles,
    orgCode,
  });
  return [
    one('field-1', '慰问组 Field user', ['field']),
    one('finance-1', '财务 Finance user', ['finance']),
    one('approver-1', '审批人 Approver 1', ['approver']),
    one('approver-2', '审批人 Approver 2', ['approver']),
    one('ops-1', '值班 Operations user', ['ops']),
    one('admin-1', '管理员 Administrator', ['admin']),
  ];
}

/** The people of the Maduo replay (tools/scenario/maduo.ts signs as the same subjects). */
export function maduoUsers(): NewUser[] {
  const one = (sub: string, name: string, roles: NewUser['roles'], orgCode: string): NewUser => ({
    sub,
    username: sub,
    password: `${sub}-dev-pass`,
    name,
    roles,
    orgCode,
  });
  return [
    one('admin-acftu', '全总系统管理员 ACFTU admin', ['admin', 'ops'], 'ACFTU'),
    one('ops-qh', '青海省总工会值班 QH operations', ['ops'], 'QH'),
    one('finance-qh', '青海省总工会财务 QH finance', ['finance'], 'QH'),
    one('approver-qh', '青海省总工会副主席 QH vice-chair (approver)', ['approver'], 'QH'),
    one('approver-qh-2', '青海省总工会主席 QH chair (approver)', ['approver'], 'QH'),
    one('field-qh-1', '慰问组 delegation member', ['field'], 'QH'),
    one('field-qh-2', '慰问组 delegation member 2', ['field'], 'QH'),
    one('field-qh-3', '慰问组 delegation member 3', ['field'], 'QH'),
  ];
}

export function seedUsers(sets: readonly SeedSet[], orgCode: string): NewUser[] {
  return sets.flatMap((set) => {
    switch (set) {
      case 'dev':
        return devUsers(orgCode);
      case 'maduo':
        return maduoUsers();
    }
  });
}

/** The seed sets of IDENTITY_SEED; production refuses any (their passwords are published). */
export function seedSetsFor(config: { NODE_ENV: string; IDENTITY_SEED: string }): SeedSet[] {
  const sets = config.IDENTITY_SEED ? (config.IDENTITY_SEED.split(',') as SeedSet[]) : [];
  if (config.NODE_ENV === 'production' && sets.length > 0)
    throw new Error(
      'refusing to seed users with published passwords in production: set IDENTITY_SEED= (empty)',
    );
  return sets;
}
