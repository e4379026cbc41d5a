// Public surface of @aidflow/contracts: topics, envelope, versioned event payloads and their catalogue.
import 'reflect-metadata';

export * from './topics';
export * from './envelope';
export * from './events/common';
export * from './events/intake.events';
export * from './events/funds.events';
export * from './events/visits.events';
export * from './events/ops.events';
export * from './events/advances.events';
export * from './events/verification.events';
export * from './events/households.events';
export * from './events/grievances.events';
export * from './events/system.events';
export * from './events/audit.events';
export * from './catalogue';
export * from './create-event';
export * from './parse-event';
export * from './json-schema';
export * from './asyncapi';
export * from './personal-data';
export {
  FenField,
  AREA_CODE_PATTERN,
  ISO_TIMESTAMP_WITH_OFFSET,
  MASKED_ID_NUMBER_PATTERN,
  SHA256_HEX_PATTERN,
  type PayloadClass,
} from './validation/fields';
export { sampleEventData, sampleEvent, SAMPLE_IDS } from './testing/sample-events';
