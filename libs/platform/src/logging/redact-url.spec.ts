import { redactUrl } from './logger.config';

describe('redactUrl', () => {
  it('hides token query parameters and keeps the rest', () => {
    expect(redactUrl('/api/ops/stream?types=a&access_token=eyJabc.def&incidentId=1')).toBe(
      '/api/ops/stream?types=a&access_token=[REDACTED]&incidentId=1',
    );
    expect(redactUrl('/x?TOKEN=1')).toBe('/x?TOKEN=[REDACTED]');
    expect(redactUrl('/health')).toBe('/health');
    expect(redactUrl(undefined)).toBeUndefined();
  });
});
