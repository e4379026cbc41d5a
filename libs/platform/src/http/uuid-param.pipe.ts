import { badRequest } from '../errors/api-error';
import { ArgumentMetadata, Injectable, PipeTransform } from '@nestjs/common';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: string): boolean {
  return UUID.test(value);
}

/** A path id that must be a UUID: 400 naming the parameter otherwise (the contract's error body). */
@Injectable()
export class UuidParamPipe implements PipeTransform<string, string> {
  transform(value: string, metadata: ArgumentMetadata): string {
    if (!isUuid(value))
      throw badRequest([{ field: metadata.data ?? 'id', problem: 'must be a UUID' }]);
    return value.toLowerCase();
  }
}
