import { Transform, Type } from 'class-transformer';
import { IsNumber, Max, Min } from 'class-validator';

/** Trims surrounding whitespace of a string before validation. */
export const Trim = (): PropertyDecorator =>
  Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value));

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

export const NestedGeoPoint = (): PropertyDecorator => Type(() => GeoPointDto);

/** One stored point as two nullable columns, back to the API shape. */
export function geoPoint(lat: number | null, lon: number | null): GeoPointDto | undefined {
  return lat === null || lon === null ? undefined : { lat, lon };
}

/** The body of an action that takes no input: nothing, or `{}`; any field is unknown (400). */
export class EmptyBodyDto {}
