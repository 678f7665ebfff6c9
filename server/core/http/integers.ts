import { applyDecorators, type ArgumentMetadata, type PipeTransform } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { IsInt, Max, Min, ValidateBy } from 'class-validator';
import { validationFailed } from '../errors/domain-error.js';

/**
 * Integers from requests are parsed here, into ranges the database can hold: a value past a column's range
 * makes PostgreSQL fail the whole query, which used to surface as a 500 (audit #12).
 */

/** Largest value of a PostgreSQL `integer` column: ids, counts, offsets. */
export const DATABASE_INT_MAX = 2_147_483_647;
/** Largest integer a JavaScript number holds exactly; bound of `bigint` columns such as quotas. */
export const SAFE_INT_MAX = Number.MAX_SAFE_INTEGER;

// Plain decimal only: Number() would also take '1e20', '0x10', ' 12' and '' (as 0).
const DECIMAL = /^-?\d{1,16}$/;

/** The integer written in `value` (a decimal string or a number) if it lies in [min, max], else undefined. */
export function parseBoundedInt(value: unknown, min: number, max: number): number | undefined {
  const number =
    typeof value === 'number' ? value : typeof value === 'string' && DECIMAL.test(value) ? Number(value) : NaN;
  return Number.isSafeInteger(number) && number >= min && number <= max ? number : undefined;
}

/** Query strings and multipart fields carry text: a plain decimal becomes a number, anything else stays as is. */
const toInteger = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' && DECIMAL.test(value) ? Number(value) : value;

/** DTO field: an integer in [min, max], given as a JSON number or a decimal string. */
export const IsIntInRange = (min: number, max: number): PropertyDecorator =>
  applyDecorators(Transform(toInteger), IsInt(), Min(min), Max(max));

/** DTO field of identifiers that may be numeric (`42`) or not (a UUID): a numeric one must be a database id. */
export const NumericIdInRange = (): PropertyDecorator =>
  ValidateBy({
    name: 'numericIdInRange',
    validator: {
      validate: (value: unknown) =>
        typeof value !== 'string' || !/^\d+$/.test(value) || parseBoundedInt(value, 1, DATABASE_INT_MAX) !== undefined,
      defaultMessage: () => `a numeric id must be between 1 and ${DATABASE_INT_MAX}`,
    },
  });

/** Route or query parameter parsed as an integer in [min, max]; 400 naming the parameter otherwise. */
export class BoundedIntPipe implements PipeTransform<unknown, number | undefined> {
  constructor(
    private readonly min: number,
    private readonly max: number,
    private readonly optional = false,
  ) {}

  transform(value: unknown, metadata: ArgumentMetadata): number | undefined {
    if (this.optional && (value === undefined || value === '')) return undefined;
    const parsed = parseBoundedInt(value, this.min, this.max);
    if (parsed !== undefined) return parsed;
    throw validationFailed([
      { name: metadata.data ?? 'value', reason: `must be an integer between ${this.min} and ${this.max}` },
    ]);
  }
}

/** A numeric id in a route (`/users/:id`). */
export const ParseIdPipe = new BoundedIntPipe(1, DATABASE_INT_MAX);
