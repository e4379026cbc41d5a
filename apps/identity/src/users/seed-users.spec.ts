import { seedSetsFor, seedUsers } from './seed-users';

describe('seed users', () => {
  it('has one dev user per role, two approvers, in the start org', () => {
    const users = seedUsers(['dev'], 'QH');
    expect(users.map((u) => [u.username, u.roles.join(','), u.orgCode])).toEqual([
      ['field-1', 'field', 'QH'],
      ['finance-1', 'finance', 'QH'],
      ['approver-1', 'approver', 'QH'],
      ['approver-2', 'approver', 'QH'],
      ['ops-1', 'ops', 'QH'],
      ['admin-1', 'admin', 'QH'],
    ]);
  });

  it('adds the Maduo people: finance clerk, two approvers, field team, ops and the tree admin', () => {
    const maduo = seedUsers(['maduo'], 'ACFTU');
    const withRole = (role: string): string[] =>
      maduo.filter((u) => u.roles.includes(role as never)).map((u) => u.username);
    expect(withRole('finance')).toEqual(['finance-qh']);
    expect(withRole('approver')).toEqual(['approver-qh', 'approver-qh-2']);
    expect(withRole('field').length).toBeGreaterThanOrEqual(2);
    expect(withRole('ops')).toContain('ops-qh');
    expect(withRole('admin')).toEqual(['admin-acftu']);
  });

  it('refuses to seed in production', () => {
    expect(() => seedSetsFor({ NODE_ENV: 'production', IDENTITY_SEED: 'dev' })).toThrow(
      /refusing to seed/,
    );
    expect(seedSetsFor({ NODE_ENV: 'production', IDENTITY_SEED: '' })).toEqual([]);
    expect(seedSetsFor({ NODE_ENV: 'development', IDENTITY_SEED: 'dev,maduo' })).toEqual([
      'dev',
      'maduo',
    ]);
  });
});
