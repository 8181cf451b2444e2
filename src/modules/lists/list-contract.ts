/**
 * What one connection offers a client, in the terms an index is judged by. Each connection field
 * carries its contract in the schema (`extensions.indexedList`), so the argument checks, the cursors
 * and `flowgate db audit`'s index check all read the same list of orderings and filters as the
 * schema a client sees: an ordering cannot be offered without the audit asking for its index.
 */

export type Direction = 'asc' | 'desc';

/** One sortable column, offered as `<KEY>_ASC` and `<KEY>_DESC`. */
export interface SortKey {
  column: string;
  description: string;
}

/**
 * A sequence of sort keys with the directions of the index that serves it. A client may ask for it
 * as written or with every direction reversed (the same index read backwards); the id follows as the
 * last key in the last key's direction, unless the keys are already unique within the narrowing.
 */
export interface OfferedOrdering {
  keys: string[];
  directions: Direction[];
  unique?: boolean;
}

/**
 * How an index serves a filter: `equality` and `range` filters need an index led by the tenant and
 * the column; a `scan` filter (a substring of a name) is checked on the rows the ordering's own index
 * reads in order, which no B-tree can narrow.
 */
export type FilterService = 'equality' | 'range' | 'scan';

export interface OfferedFilter {
  field: string;
  column: string;
  served: FilterService;
}

export interface ListContract {
  /** The table the connection's rows come from. */
  table: string;
  /** Columns every page of the list is narrowed by: the tenant first, then the parent. */
  narrowedBy: string[];
  keys: Record<string, SortKey>;
  orderings: OfferedOrdering[];
  /** The ordering when the client sends none: the order the list had before `orderBy` existed. */
  defaultOrder: string[];
  filters: OfferedFilter[];
}

/** Where a connection field keeps its contract among its GraphQL extensions. */
export const LIST_CONTRACT = 'indexedList';

/** The order value a client sends, split: `CREATED_AT_DESC` → key CREATED_AT, desc. */
export function parseOrderValue(value: string): { key: string; direction: Direction } {
  const direction: Direction = value.endsWith('_DESC') ? 'desc' : 'asc';
  return { key: value.replace(/_(ASC|DESC)$/, ''), direction };
}

const reversed = (direction: Direction): Direction => (direction === 'asc' ? 'desc' : 'asc');

/** The offered ordering a requested one is (as written or reversed), or undefined when none serves it. */
export function offeredOrdering(contract: ListContract, requested: string[]): OfferedOrdering | undefined {
  const parts = requested.map(parseOrderValue);
  return contract.orderings.find(
    (offered) =>
      offered.keys.length === parts.length &&
      offered.keys.every((key, index) => parts[index].key === key) &&
      (offered.directions.every((direction, index) => parts[index].direction === direction) ||
        offered.directions.every((direction, index) => parts[index].direction === reversed(direction))),
  );
}

/** How an offered ordering is written as values of the order enum, e.g. `[STATUS_ASC, UPDATED_AT_DESC]`. */
export const orderingLabel = (ordering: OfferedOrdering) =>
  `[${ordering.keys.map((key, index) => `${key}_${ordering.directions[index].toUpperCase()}`).join(', ')}]`;
