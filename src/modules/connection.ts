import { builder } from '../graphql/builder.js';
import type { Context } from '../graphql/context.js';
import { badInput } from '../graphql/errors.js';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from './page-size.js';
import type { IndexedList } from './lists/indexed-list.js';
import { encodeListCursor, listTag, type ListArguments } from './lists/list-cursor.js';

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

interface ListPage {
  args: ListArguments;
  pageInfo: { startCursor: string | null; endCursor: string | null; hasNextPage: boolean; hasPreviousPage: boolean };
  edges: readonly ({ node: { id: string } } | null)[];
}

/** The cursor of one row of a page: its id, tagged with the ordering and filter of the page's request. */
const cursorOf = (list: IndexedList, page: ListPage, node: { id: string } | undefined | null) =>
  node ? encodeListCursor(listTag(list.contract, page.args), node.id) : null;

/**
 * The descriptions of one connection's own types and of its `totalCount`, for the third and fourth
 * arguments of `relatedConnection` (the shared Relay parts are described in builder.ts). The Prisma
 * plugin adds `totalCount` without a description; this redefines it the same way, with one. It also
 * redefines the cursors (each edge's and the page's first and last) as the list's own, which name the
 * ordering and filter they came from (lists/list-cursor.ts).
 */
export function describedPage(list: IndexedList) {
  const items = list.items;
  const relay = builder.options.relay;
  return [
    {
      description: `A page of ${items}, with the total across all pages.`,
      fields: (t: PothosSchemaTypes.ObjectFieldBuilder<Types, any>) => ({
        totalCount: t.int({
          description: `How many ${items} match the arguments, across all pages.`,
          extensions: { pothosPrismaTotalCount: true },
          resolve: (parent: { totalCount?: number }) => parent.totalCount ?? 0,
        }),
        pageInfo: t.field({
          ...relay?.pageInfoFieldOptions,
          type: builder.pageInfoRef(),
          resolve: (page: ListPage) => ({
            ...page.pageInfo,
            startCursor: cursorOf(list, page, page.edges[0]?.node),
            endCursor: cursorOf(list, page, page.edges[page.edges.length - 1]?.node),
          }),
        }),
      }),
    },
    {
      description: `One of the ${items} on a page, with its cursor.`,
      fields: (t: PothosSchemaTypes.ObjectFieldBuilder<Types, any>) => ({
        cursor: t.string({ ...relay?.cursorFieldOptions, resolve: (edge: { connection: ListPage; node: { id: string } }) => cursorOf(list, edge.connection, edge.node) as string }),
      }),
    },
  ] as const;
}
