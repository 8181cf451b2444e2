import type { Context } from '../graphql/context.js';
import { badInput } from '../graphql/errors.js';

/** The largest page a connection serves (SPEC §6). */
export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 20;

/**
 * Page size for every connection. Pothos would silently clamp an oversized `first`; a client asking
 * for 500 rows deserves to hear that it gets at most 100.
 */
export function pageSize(args: { first?: number | null; last?: number | null }, _ctx: Context): number {
  for (const field of ['first', 'last'] as const) {
    const value = args[field];
    if (value != null && value > MAX_PAGE_SIZE) throw badInput(field, `must be at most ${MAX_PAGE_SIZE}`);
  }
  return MAX_PAGE_SIZE;
}

export const connectionOptions = { maxSize: pageSize, defaultSize: DEFAULT_PAGE_SIZE } as const;
