import { SHA256_HEX_PATTERN } from '@aidflow/contracts';
import { badRequest } from '@aidflow/platform';
import { ArgumentMetadata, Injectable, PipeTransform } from '@nestjs/common';

/** A path hash that must be 64 hex digits: 400 naming the parameter otherwise; lower-cased. */
@Injectable()
export class Sha256ParamPipe implements PipeTransform<string, string> {
  transform(value: string, metadata: ArgumentMetadata): string {
    if (!SHA256_HEX_PATTERN.test(value)) {
      throw badRequest([
        { field: metadata.data ?? 'sha256', problem: 'must be 64 hexadecimal characters' },
      ]);
    }
    return value.toLowerCase();
  }
}
