import { ValidationPipe } from '@nestjs/common';
import { badRequest } from '../errors/api-error';
import { validationErrorsToDetails } from './validation-details';

/** The global pipe: DTOs are transformed, unknown fields are refused, every bad field is named. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => badRequest(validationErrorsToDetails(errors)),
  });
}
