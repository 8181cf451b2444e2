import { orderingLabel } from '../../modules/lists/list-contract.js';
import type { OfferedList } from '../../modules/lists/offered-lists.js';
import type { IndexInfo } from './catalog.js';
import { ident } from './check.js';

/**
 * What an index must look like to serve each ordering and filter the API offers. An ordering is
 * served by an index on the narrowing columns (tenant, parent; in any order), then its sort columns
 * and the id, with the same directions or all of them reversed (PostgreSQL reads it backwards): a page
 * is then read in order and stops after `first` rows. An equality or range filter is served by an
 * index on the narrowing columns then the filtered column. A `scan` filter (a name substring) is
 * applied to the rows the ordering's index reads; no B-tree narrows it, so none is asked for.
 */
export interface IndexRequirement {
  object: string;
  table: string;
  narrowing: string[];
  columns: Array<{ column: string; descending: boolean }>;
  directional: boolean;
}

export function indexRequirements({ field, contract }: OfferedList): IndexRequirement[] {
  const { table, narrowedBy: narrowing } = contract;
  const orderings = contract.orderings.map((ordering) => {
    const columns = ordering.keys.map((key, index) => ({ column: contract.keys[key].column, descending: ordering.directions[index] === 'desc' }));
    const tieBreaker = ordering.unique ? [] : [{ column: 'id', descending: columns[columns.length - 1].descending }];
    return { object: `${table} for ${field} orderBy ${orderingLabel(ordering)}`, table, narrowing, columns: [...columns, ...tieBreaker], directional: true };
  });
  const filters = contract.filters
    .filter((filter) => filter.served !== 'scan')
    .map((filter) => ({ object: `${table} for ${field} filter.${filter.field}`, table, narrowing, columns: [{ column: filter.column, descending: false }], directional: false }));
  return [...orderings, ...filters];
}

export function servesRequirement(index: IndexInfo, requirement: IndexRequirement): boolean {
  const { narrowing, columns, directional } = requirement;
  const leading = index.columns.slice(0, narrowing.length);
  if (!index.usable || !narrowing.every((column) => leading.includes(column))) return false;
  const offset = narrowing.length;
  if (!columns.every(({ column }, at) => index.columns[offset + at] === column)) return false;
  if (!directional) return true;
  const same = columns.every(({ descending }, at) => index.descending[offset + at] === descending);
  const reversed = columns.every(({ descending }, at) => index.descending[offset + at] !== descending);
  return same || reversed;
}

/** The index that would serve `requirement`, as the SQL to create it. */
export function requiredIndexSql({ table, narrowing, columns }: IndexRequirement): string {
  const names = [...narrowing, ...columns.map(({ column }) => column)];
  const keys = [...narrowing.map(ident), ...columns.map(({ column, descending }) => `${ident(column)}${descending ? ' DESC' : ''}`)];
  return `CREATE INDEX CONCURRENTLY ${ident(`${table}_${names.join('_')}_idx`)} ON ${ident(table)} (${keys.join(', ')});`;
}
