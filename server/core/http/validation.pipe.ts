import { ValidationPipe, type ArgumentMetadata, type ValidationError } from '@nestjs/common';
import { validationFailed, type InvalidParam } from '../errors/domain-error.js';
import { findNulCharacter, nulCharacterIn } from './hostile-input.js';

function flatten(errors: ValidationError[], parent = ''): InvalidParam[] {
  return errors.flatMap((error) => {
    const name = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((reason) => ({ name, reason }));
    return [...own, ...flatten(error.children ?? [], name)];
  });
}

/**
 * Every parameter a controller receives (route, query, body, multipart fields) passes here: NUL characters
 * are refused before any reaches PostgreSQL, whose text columns cannot hold them.
 */
class ShoalValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const nul = findNulCharacter(value);
    if (nul !== undefined)
      throw nulCharacterIn(metadata.data ? `${metadata.data}${nul === 'value' ? '' : `.${nul}`}` : nul);
    return super.transform(value, metadata) as Promise<unknown>;
  }
}

/** DTO validation whose failures are problem+json 400s naming each field. Unknown fields are dropped. */
export const createValidationPipe = (): ValidationPipe =>
  new ShoalValidationPipe({
    transform: true,
    whitelist: true,
    stopAtFirstError: true,
    exceptionFactory: (errors) => validationFailed(flatten(errors)),
  });
