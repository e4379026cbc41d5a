import { createHash } from 'node:crypto';
import { AuditRowFields, canonicalJson, leafHash, merkleRoot } from './merkle';

const row: AuditRowFields = {
  seq: '1',
  tx: '741',
  at: '2025-01-02T03:04:05.678Z',
  actorSub: 'u1',
  actorName: 'Li Wei',
  actorRoles: ['finance'],
  actorOrg: 'QH',
  action: 'fund.create',
  targetType: 'fund',
  targetId: 'f1',
  targetOrg: 'QH',
  summary: { amountFen: 100, code: 'F1' },
  requestId: 'r1',
};

const sha = (...parts: Buffer[]) => {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part);
  return hash.digest();
};
const hex = (b: Buffer) => b.toString('hex');
const buf = (h: string) => Buffer.from(h, 'hex');

describe('canonicalJson', () => {
  it('sorts keys at every depth and keeps array order', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: null } })).toBe(
      '{"a":{"c":null,"d":[3,{"y":2,"z":1}]},"b":1}',
    );
  });
});

describe('leafHash', () => {
  it('is sha256 of 0x00 followed by the canonical row', () => {
    expect(leafHash(row)).toBe(hex(sha(Buffer.from([0]), Buffer.from(canonicalJson({ ...row })))));
  });

  it('changes when any field changes, not when key order does', () => {
    const base = leafHash(row);
    expect(leafHash({ ...row, seq: '2' })).not.toBe(base);
    expect(leafHash({ ...row, tx: '742' })).not.toBe(base);
    expect(leafHash({ ...row, summary: { amountFen: 101, code: 'F1' } })).not.toBe(base);
    expect(leafHash({ ...row, summary: { code: 'F1', amountFen: 100 } })).toBe(base);
  });
});

describe('merkleRoot (RFC 6962)', () => {
  const leaves = ['a', 'b', 'c', 'd', 'e'].map((s) => hex(sha(Buffer.from(s))));
  const node = (l: string, r: string) => hex(sha(Buffer.from([1]), buf(l), buf(r)));

  it('is the leaf itself for one leaf', () => {
    expect(merkleRoot([leaves[0]])).toBe(leaves[0]);
  });

  it('splits at the largest power of two below n', () => {
    const ab = node(leaves[0], leaves[1]);
    const cd = node(leaves[2], leaves[3]);
    expect(merkleRoot(leaves.slice(0, 3))).toBe(node(ab, leaves[2]));
    expect(merkleRoot(leaves)).toBe(node(node(ab, cd), leaves[4]));
  });

  it('depends on the order of the leaves', () => {
    expect(merkleRoot([leaves[1], leaves[0]])).not.toBe(merkleRoot([leaves[0], leaves[1]]));
  });

  it('refuses an empty tree', () => {
    expect(() => merkleRoot([])).toThrow(/at least one leaf/);
  });
});
