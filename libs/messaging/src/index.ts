export * from './messaging.options';
export * from './messaging.module';
export * from './messaging.runtime';
export * from './messaging.metrics';
export * from './kafka/kafka-connection';
export * from './kafka/kafka.health';
export * from './kafka/resolve-brokers';
export * from './kafka/supervised-consumer';
export * from './outbox/outbox.service';
export * from './outbox/outbox-relay';
export * from './inbox/handles-event.decorator';
export * from './inbox/inbox-consumer';
export * from './inbox/non-retryable.error';
export * from './retention/retention-job';
export * from './migrations/1764000000000-create-outbox-and-inbox';
export * from './migrations/1765000000000-outbox-parking-and-retention';
import { JobLeases1766000000000 } from '@aidflow/database';
import { CreateOutboxAndInbox1764000000000 } from './migrations/1764000000000-create-outbox-and-inbox';
import { OutboxParkingAndRetention1765000000000 } from './migrations/1765000000000-outbox-parking-and-retention';

/** Every service's migration list starts with these. */
export const MESSAGING_MIGRATIONS = [
  CreateOutboxAndInbox1764000000000,
  OutboxParkingAndRetention1765000000000,
  // The one lease table of every scheduled job (LeasedIntervalJob); retention's lease moves there.
  JobLeases1766000000000,
];
