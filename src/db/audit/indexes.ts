import { foreignKeys, indexes, type IndexInfo } from './catalog.js';
import { ident, verdict, type Check, type Problem } from './check.js';
import { API_ORDERINGS } from './api-orderings.js';

/**
 * Every foreign key's columns lead some index (otherwise each parent delete or key update scans the
 * child table, and cascades lock it), and every ORDER BY of the API's connections is served by one:
 * the narrowing columns first, in any order, then the sort column.
 */

/** True when the index's first `leading.length` columns are exactly `leading`, in any order. */
function leadsWith(index: IndexInfo, leading: string[]): boolean {
  const prefix = index.columns.slice(0, leading.length);
  return index.usable && prefix.length === leading.length && leading.every((column) => prefix.includes(column));
}

const servesOrdering = (index: IndexInfo, where: string[], orderBy: string) => leadsWith(index, where) && index.columns[where.length] === orderBy;

function createIndex(table: string, columns: string[], suffix = 'idx'): string {
  return `CREATE INDEX CONCURRENTLY ${ident(`${table}_${columns.join('_')}_${suffix}`)} ON ${ident(table)} (${columns.map(ident).join(', ')});`;
}

export const indexesCheck: Check = {
  name: 'indexes',
  async run({ driver }) {
    const all = await indexes(driver);
    const on = (table: string) => all.filter((index) => index.table === table);
    const problems: Problem[] = [];
    const keys = await foreignKeys(driver);
    for (const fk of keys) {
      if (!on(fk.table).some((index) => leadsWith(index, fk.columns))) {
        problems.push({ object: `${fk.table}.${fk.name}`, message: `no index leads with (${fk.columns.join(', ')})`, fix: createIndex(fk.table, fk.columns) });
      }
    }
    for (const ordering of API_ORDERINGS) {
      if (!on(ordering.table).some((index) => servesOrdering(index, ordering.where, ordering.orderBy))) {
        const columns = [...ordering.where, ordering.orderBy];
        problems.push({ object: `${ordering.table} for ${ordering.field}`, message: `no index on (${columns.join(', ')}) serves ORDER BY "${ordering.orderBy}"`, fix: createIndex(ordering.table, columns) });
      }
    }
    return verdict('indexes', problems, `${keys.length} foreign keys and ${API_ORDERINGS.length} connection orderings, each served by an index`);
  },
};
