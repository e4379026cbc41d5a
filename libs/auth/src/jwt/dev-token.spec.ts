import { decodeJwt, decodeProtectedHeader } from 'jose';
import { signDevToken, ttlSeconds } from './dev-token';

describe('ttlSeconds', () => {
  it.each([
    ['45s', 45],
    ['30m', 1800],
    ['8h', 28800],
    ['2d', 172800],
    [-60, -60],
  ] as const)('%s → %i', (ttl, seconds) => {
    expect(ttlSeconds(ttl)).toBe(seconds);
  });
  it('rejects what it cannot read', () => {
    expect(() => ttlSeconds('8 hours')).toThrow(/ttl must look like/);
    expect(() => ttlSeconds(Number.NaN)).toThrow();
  });
});

describe('signDevToken', () => {
  it('signs the contract claims with HS256 and an expiry', async () => {
    const before = Math.floor(Date.now() / 1000);
    const token = await signDevToken(
      { sub: 'u1', name: 'Li Wei', roles: ['finance'], orgCode: 'QH' },
      's',
      '1h',
    );
    expect(decodeProtectedHeader(token).alg).toBe('HS256');
    const claims = decodeJwt(token);
    expect(claims).toMatchObject({ sub: 'u1', name: 'Li Wei', roles: ['finance'], orgCode: 'QH' });
    expect(claims.exp! - before).toBeGreaterThanOrEqual(3600);
    expect(claims.exp! - before).toBeLessThanOrEqual(3601);
  });
});
