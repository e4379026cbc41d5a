import { LoginLimiter } from './login-limiter';

describe('LoginLimiter', () => {
  let now = 0;
  const limiter = new LoginLimiter(5, 60_000, () => now);

  it('locks a username and address after five failures, until the window ends', () => {
    for (let i = 1; i <= 4; i++) expect(limiter.fail('Ops-1', '10.0.0.1').locked).toBe(false);
    expect(limiter.fail('ops-1', '10.0.0.1')).toEqual({
      locked: true,
      retryAfterSec: 60,
      failures: 5,
    });
    // Another address is its own bucket.
    expect(limiter.check('ops-1', '10.0.0.2').locked).toBe(false);
    now += 59_000;
    expect(limiter.check('ops-1', '10.0.0.1').locked).toBe(true);
    now += 1_000;
    expect(limiter.check('ops-1', '10.0.0.1')).toEqual({
      locked: false,
      retryAfterSec: 0,
      failures: 0,
    });
  });

  it('forgets the failures after a successful sign-in', () => {
    limiter.fail('finance-1', 'a');
    limiter.succeed('finance-1', 'a');
    expect(limiter.check('finance-1', 'a').failures).toBe(0);
  });
});
