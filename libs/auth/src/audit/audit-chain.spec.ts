import { createHash } from 'node:crypto';
import { auditHash, AuditRowFields, canonicalJson } from './audit-chain';

const row: AuditRowFields = {
  targetOrg: null,
  seq: '1',
  at: '2025-01-02T03:04:05.678Z',
  actorSub: 'u1',
  actorName: 'Li Wei',
  actorRoles: ['finance'],
  actorOrg: 'QH',
  action: 'fund.create',
  targetType: 'fund',
  targetId: 'f1',
  summary: { amountFen: 100, code: 'F1' },
  requestId: 'r1',
};

describe('canonicalJson', () => {
  it('sorts keys at every depth and keeps array order', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: null } })).toBe(
      '{"a":{"c":null,"d":[3,{"y":2,"z":1}]},"b":1}',
    );
  });
  it('does not depend on insertion order', () => {
    expect(canonicalJson({ x: 1, y: 'two' })).toBe(canonicalJson({ y: 'two', x: 1 }));
  });
});

describe('auditHash', () => {
  it('is sha256 of the previous hash followed by the canonical row', () => {
    const { targetOrg: _none, ...hashed } = row;
    const expected = createHash('sha256')
      .update('prev' + canonicalJson({ ...hashed }))
      .digest('hex');
    expect(auditHash('prev', row)).toBe(expected);
  });

  it('covers the target org when there is one, and leaves rows without one as they were', () => {
    const withOrg = { ...row, targetOrg: 'QH' };
    expect(auditHash('prev', withOrg)).toBe(
      createHash('sha256')
        .update('prev' + canonicalJson({ ...withOrg }))
        .digest('hex'),
    );
    expect(auditHash('prev', withOrg)).not.toBe(auditHash('prev', row));
  });

  it('treats a missing previous hash as the empty string (the first row)', () => {
    expect(auditHash(null, row)).toBe(auditHash('', row));
  });

  it('changes when any field or the previous hash changes', () => {
    const base = auditHash('p', row);
    expect(auditHash('q', row)).not.toBe(base);
    expect(auditHash('p', { ...row, seq: '2' })).not.toBe(base);
    expect(auditHash('p', { ...row, summary: { amountFen: 101, code: 'F1' } })).not.toBe(base);
    expect(auditHash('p', { ...row, actorRoles: ['finance', 'admin'] })).not.toBe(base);
    expect(auditHash('p', { ...row, summary: { code: 'F1', amountFen: 100 } })).toBe(base);
  });
});
