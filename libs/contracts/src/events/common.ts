import { BoundedNumberField } from '../validation/fields';

/** WGS-84 point. */
export class GeoPointV1 {
  @BoundedNumberField(-90, 90)
  lat!: number;

  @BoundedNumberField(-180, 180)
  lon!: number;
}
