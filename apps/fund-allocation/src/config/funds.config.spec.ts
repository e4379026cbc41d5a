import { ConfigError, loadConfig } from '@aidflow/platform';
import { FundsConfig } from './funds.config';

describe('FundsConfig', () => {
  it('boots embedded with a 5,000-yuan dual-approval threshold', () => {
    expect(loadConfig(FundsConfig, {}).APPROVAL_DUAL_THRESHOLD_FEN).toBe(500_000);
  });

  it('reads the threshold from the environment', () => {
    expect(
      loadConfig(FundsConfig, { APPROVAL_DUAL_THRESHOLD_FEN: '100000' })
        .APPROVAL_DUAL_THRESHOLD_FEN,
    ).toBe(100_000);
  });

  it.each(['-1', '12.5', 'lots'])('refuses a threshold of %s', (value) => {
    expect(() => loadConfig(FundsConfig, { APPROVAL_DUAL_THRESHOLD_FEN: value })).toThrow(
      ConfigError,
    );
  });
});
