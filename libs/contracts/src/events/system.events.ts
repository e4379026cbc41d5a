import { CountField, TextField } from '../validation/fields';

/** Harmless event for the messaging spine's tests, benchmark and end-to-end health probes. */
export class SystemProbeV1 {
  @CountField(0, Number.MAX_SAFE_INTEGER)
  seq!: number;

  @TextField(500, { optional: true })
  note?: string;
}
