import type { ValidationError } from 'class-validator';
import type { ErrorDetail } from '../errors/api-error';

/** Field name used when the body itself (not one of its properties) is wrong. */
export const BODY_FIELD = 'body';

/**
 * Flattens class-validator errors (nested objects, arrays) into one detail per failed constraint,
 * each naming its dotted path, so a client sees every bad field at once.
 */
export function validationErrorsToDetails(
  errors: ValidationError[],
  parentPath = '',
): ErrorDetail[] {
  return errors.flatMap((error) => {
    const property =
      error.property === undefined || error.property === null ? '' : String(error.property);
    const field = [parentPath, property].filter(Boolean).join('.');
    const own = Object.entries(error.constraints ?? {}).map(([constraint, message]) => ({
      field: field || BODY_FIELD,
      problem: readableProblem(constraint, message, property),
    }));
    return [...own, ...validationErrorsToDetails(error.children ?? [], field)];
  });
}

/** class-validator messages start with the property name ("amountFen must be ..."): drop it. */
function readableProblem(constraint: string, message: string, property: string): string {
  if (constraint === 'whitelistValidation') return 'is not allowed';
  if (constraint === 'unknownValue') return 'must be an object';
  if (!property) return message;
  const name = escapeRegExp(property);
  return message
    .replace(new RegExp(`^each value in (nested property )?${name} `), 'each value ')
    .replace(new RegExp(`^(nested property )?${name} `), '');
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
