import { foreignKeys, indexes, type IndexInfo } from './catalog.js';
import { ident, verdict, type Check, type Problem } from './check.js';
import { indexRequirements, requiredIndexSql, servesRequirement } from './list-indexes.js';

/**
 * Every foreign key's columns lead some index (otherwise each parent delete or key update scans the
 * child table, and cascades lock it), and every ordering and filter the API's connections offer is
 * served by one (list-indexes.ts says what serves what). The offered lists come from the schema
 * itself (`ctx.lists`), so a new ordering cannot ship without this check asking for its index.
 */

/** True when the index's first `leading.length` columns are exactly `leading`, in any order. */
function leadsWith(index: IndexInfo, leading: string[]): boolean {
  const prefix = index.columns.slice(0, leading.length);
  return index.usable && prefix.length === leading.length && leading.every((column) => prefix.includes(column));
}

function createIndex(table: string, columns: string[], suffix = 'idx'): string {
  return `CREATE INDEX CONCURRENTLY ${ident(`${table}_${columns.join('_')}_${suffix}`)} ON ${ident(table)} (${columns.map(ident).join(', ')});`;
}

export const indexesCheck: Check = {
  name: 'indexes',
  async run(ctx) {
    const { driver } = ctx;
    const all = await indexes(driver);
    const on = (table: string) => all.filter((index) => index.table === table);
    const problems: Problem[] = [];
    const keys = await foreignKeys(driver);
    for (const fk of keys) {
      if (!on(fk.table).some((index) => leadsWith(index, fk.columns))) {
        problems.push({ object: `${fk.table}.${fk.name}`, message: `no index leads with (${fk.columns.join(', ')})`, fix: createIndex(fk.table, fk.columns) });
      }
    }
    const requirements = ctx.lists.flatMap(indexRequirements);
    for (const requirement of requirements) {
      if (!on(requirement.table).some((index) => servesRequirement(index, requirement))) {
        problems.push({ object: requirement.object, message: 'no index serves it: PostgreSQL would sort or scan the tenant’s rows', fix: requiredIndexSql(requirement) });
      }
    }
    const scans = ctx.lists.flatMap(({ field, contract }) => contract.filters.filter((filter) => filter.served === 'scan').map((filter) => `${field} filter.${filter.field}`));
    return verdict('indexes', problems, `${keys.length} foreign keys and ${requirements.length} connection orderings and filters, each served by an index`, { scanFilters: scans });
  },
};
