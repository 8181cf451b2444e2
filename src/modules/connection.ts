import type { builder } from '../graphql/builder.js';
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

type Types = typeof builder extends PothosSchemaTypes.SchemaBuilder<infer T> ? T : never;

/**
 * The descriptions of one connection's own types and of its `totalCount`, for the third and fourth
 * arguments of `relatedConnection` (the shared Relay parts are described in builder.ts). The Prisma
 * plugin adds `totalCount` without a description; this redefines it the same way, with one.
 */
export function describedPage(items: string) {
  return [
    {
      description: `A page of ${items}, with the total across all pages.`,
      fields: (t: PothosSchemaTypes.ObjectFieldBuilder<Types, any>) => ({
        totalCount: t.int({
          description: `How many ${items} match the arguments, across all pages.`,
          extensions: { pothosPrismaTotalCount: true },
          resolve: (parent: { totalCount?: number }) => parent.totalCount ?? 0,
        }),
      }),
    },
    { description: `One of the ${items} on a page, with its cursor.` },
  ] as const;
}
