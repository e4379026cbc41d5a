import { registerDecorator, ValidationOptions } from 'class-validator';

/** First two digits of GB/T 2260 codes: the provinces, autonomous regions, municipalities, SARs and Taiwan. */
const PROVINCE_PREFIXES = new Set([
  '11',
  '12',
  '13',
  '14',
  '15',
  '21',
  '22',
  '23',
  '31',
  '32',
  '33',
  '34',
  '35',
  '36',
  '37',
  '41',
  '42',
  '43',
  '44',
  '45',
  '46',
  '50',
  '51',
  '52',
  '53',
  '54',
  '61',
  '62',
  '63',
  '64',
  '65',
  '71',
  '81',
  '82',
]);

export function isPrcAreaCode(value: unknown): boolean {
  return (
    typeof value === 'string' && /^\d{6}$/.test(value) && PROVINCE_PREFIXES.has(value.slice(0, 2))
  );
}

/** A 6-digit PRC administrative division code (GB/T 2260) whose province part exists. */
export function IsPrcAreaCode(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyKey) =>
    registerDecorator({
      name: 'isPrcAreaCode',
      target: target.constructor,
      propertyName: String(propertyKey),
      options: {
        message: options?.each
          ? 'each value must be a 6-digit PRC administrative division code'
          : 'must be a 6-digit PRC administrative division code',
        ...options,
      },
      validator: { validate: isPrcAreaCode },
    });
}
