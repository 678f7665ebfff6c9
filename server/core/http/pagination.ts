import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import type { ResultList } from '../../../shared/models/common.js';
import { DATABASE_INT_MAX, IsIntInRange } from './integers.js';

export const PAGINATION_MAX_COUNT = 100;

/** `start` / `count` query parameters of every list endpoint (PeerTube's conventions). */
export class PaginationQueryDto {
  @ApiPropertyOptional({ minimum: 0, maximum: DATABASE_INT_MAX, default: 0, description: 'Offset of the first item' })
  @IsOptional()
  @IsIntInRange(0, DATABASE_INT_MAX)
  start: number = 0;

  @ApiPropertyOptional({ minimum: 0, maximum: PAGINATION_MAX_COUNT, default: 15, description: 'Number of items' })
  @IsOptional()
  @IsIntInRange(0, PAGINATION_MAX_COUNT)
  count: number = 15;
}

/** The accepted `sort` values of a list: each column, ascending or with a leading `-` for descending. */
export const sortValues = <C extends string>(columns: readonly C[]): string[] => columns.flatMap((c) => [c, `-${c}`]);

export interface SortOrder<C extends string> {
  column: C;
  direction: 'ASC' | 'DESC';
}

export function parseSort<C extends string>(sort: string): SortOrder<C> {
  return sort.startsWith('-')
    ? { column: sort.slice(1) as C, direction: 'DESC' }
    : { column: sort as C, direction: 'ASC' };
}

export const toResultList = <T>(total: number, data: T[]): ResultList<T> => ({ total, data });
