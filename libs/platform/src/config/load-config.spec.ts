import { IsInt, Max, Min } from 'class-validator';
import { BaseServiceConfig } from './base.config';
import { ConfigError, loadConfig } from './load-config';

class SampleConfig extends BaseServiceConfig {
  override PORT = 3999;

  @IsInt()
  @Min(1)
  @Max(10)
  WORKERS = 2;
}

describe('loadConfig', () => {
  it('uses defaults for unset or empty variables', () => {
    const config = loadConfig(SampleConfig, { WORKERS: '' });
    expect(config.PORT).toBe(3999);
    expect(config.WORKERS).toBe(2);
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('converts numeric variables to numbers (with or without design:type metadata)', () => {
    const config = loadConfig(SampleConfig, {
      PORT: '4100',
      WORKERS: '7',
      KAFKA_MAX_WAIT_MS: '50',
    });
    expect(config.PORT).toBe(4100);
    expect(config.WORKERS).toBe(7);
    expect(config.KAFKA_MAX_WAIT_MS).toBe(50);
  });

  it('names every invalid variable', () => {
    expect(() =>
      loadConfig(SampleConfig, { PORT: 'eighty', WORKERS: '11', LOG_LEVEL: 'loud' }),
    ).toThrow(ConfigError);
    try {
      loadConfig(SampleConfig, { PORT: 'eighty', WORKERS: '11', LOG_LEVEL: 'loud' });
    } catch (error) {
      const variables = new Set((error as ConfigError).problems.map((p) => p.variable));
      expect(variables).toEqual(new Set(['PORT', 'WORKERS', 'LOG_LEVEL']));
    }
  });
});
