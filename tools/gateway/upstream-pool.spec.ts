import { UpstreamPool } from './upstream-pool';

describe('UpstreamPool', () => {
  it('takes turns over the replicas', () => {
    const pool = new UpstreamPool('http://127.0.0.1:3101,http://127.0.0.1:3201');
    expect([pool.pick(), pool.pick(), pool.pick()].map((u) => u.port)).toEqual([
      '3101',
      '3201',
      '3101',
    ]);
  });

  it('skips a replica marked down until it is marked up again', () => {
    const pool = new UpstreamPool(['http://a:1', 'http://b:2']);
    pool.markDown(new URL('http://a:1'));
    expect([pool.pick(), pool.pick()].map((u) => u.host)).toEqual(['b:2', 'b:2']);
    pool.mark(new URL('http://a:1'), true);
    expect(new Set([pool.pick().host, pool.pick().host])).toEqual(new Set(['a:1', 'b:2']));
  });

  it('still answers with some replica when all are down, and never marks a lone one down', () => {
    const two = new UpstreamPool(['http://a:1', 'http://b:2']);
    two.markDown(new URL('http://a:1'));
    two.markDown(new URL('http://b:2'));
    expect(['a:1', 'b:2']).toContain(two.pick().host);
    const one = new UpstreamPool('http://a:1');
    one.markDown(new URL('http://a:1'));
    expect(one.isUp(new URL('http://a:1'))).toBe(true);
  });
});
