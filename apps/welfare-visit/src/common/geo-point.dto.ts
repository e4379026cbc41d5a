import { IsNumber, Max, Min } from 'class-validator';

/** A WGS-84 point as clients send it. */
export class GeoPointDto {
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(-90)
  @Max(90)
  lat!: number;

  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(-180)
  @Max(180)
  lon!: number;
}

/** One stored point as two nullable columns, back to the API shape. */
export function geoPoint(lat: number | null, lon: number | null): GeoPointDto | undefined {
  return lat === null || lon === null ? undefined : { lat, lon };
}
