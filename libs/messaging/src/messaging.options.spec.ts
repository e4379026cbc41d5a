import { BaseServiceConfig } from '@aidflow/platform';
import { messagingOptionsFromConfig } from './messaging.options';

function config(overrides: Partial<BaseServiceConfig>): BaseServiceConfig {
  return Object.assign(new BaseServiceConfig(), overrides);
}

describe('messagingOptionsFromConfig: the fault suite’s test-only settings', () => {
  it('passes the broken inbox and the relay crash file outside production', () => {
    const options = messagingOptionsFromConfig(
      'svc',
      config({ INBOX_SKIP_DEDUP: 'true', OUTBOX_CRASH_AFTER_PUBLISH_FILE: '/tmp/crash' }),
      [],
    );
    expect(options.consumer.skipDedup).toBe(true);
    expect(options.relay.crashAfterPublishFile).toBe('/tmp/crash');
  });

  it('leaves them off by default', () => {
    const options = messagingOptionsFromConfig('svc', config({ NODE_ENV: 'production' }), []);
    expect(options.consumer.skipDedup).toBeUndefined();
    expect(options.relay.crashAfterPublishFile).toBeUndefined();
  });

  it.each([
    [{ INBOX_SKIP_DEDUP: 'true' }, /INBOX_SKIP_DEDUP/],
    [{ OUTBOX_CRASH_AFTER_PUBLISH_FILE: '/tmp/crash' }, /OUTBOX_CRASH_AFTER_PUBLISH_FILE/],
  ])('refuses %j in production', (setting, message) => {
    expect(() =>
      messagingOptionsFromConfig('svc', config({ NODE_ENV: 'production', ...setting }), []),
    ).toThrow(message);
  });
});
