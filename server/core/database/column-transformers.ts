import type { ValueTransformer } from 'typeorm';

/** node-postgres returns BIGINT as a string; byte sizes and quotas fit safely in a JS number. */
export const bigintToNumber: ValueTransformer = {
  to: (value: number | null | undefined) => value,
  from: (value: string | null) => (value === null ? null : Number(value)),
};
