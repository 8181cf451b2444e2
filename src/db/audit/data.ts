import { tables, tenantReferences, type ForeignKey } from './catalog.js';
import { ident, verdict, type Check, type Problem } from './check.js';
import type { Driver } from '../driver.js';

/**
 * Row counts per table (facts, never a failure), and the rows the tenant keys exist to prevent:
 * children whose "organizationId" differs from their parent's, or whose parent is gone. A superuser
 * with the constraint's triggers disabled (or session_replication_role = replica) can still write them.
 */

async function rowCounts(driver: Driver): Promise<Record<string, number>> {
  const names = await tables(driver);
  if (names.length === 0) return {};
  const sql = names.map((name) => `SELECT ${`'${name}'`} AS "table", count(*)::int AS n FROM ${ident(name)}`).join(' UNION ALL ');
  const rows = await driver.query<{ table: string; n: number }>(sql);
  return Object.fromEntries(rows.map((row) => [row.table, row.n]));
}

const MAX_LISTED = 20;

async function orphans(driver: Driver, fk: ForeignKey): Promise<Problem[]> {
  const [ref] = fk.columns.filter((column) => column !== 'organizationId');
  const [parentRef] = fk.parentColumns.filter((_, i) => fk.columns[i] !== 'organizationId');
  if (!ref || !parentRef) return [];
  const rows = await driver.query<{ id: string; org: string; parentOrg: string | null }>(
    `SELECT c.id::text, c."organizationId"::text AS org, p."organizationId"::text AS "parentOrg"
       FROM ${ident(fk.table)} c LEFT JOIN ${ident(fk.parent)} p ON p.${ident(parentRef)} = c.${ident(ref)}
      WHERE c.${ident(ref)} IS NOT NULL AND p."organizationId" IS DISTINCT FROM c."organizationId"
      ORDER BY c.id LIMIT ${MAX_LISTED}`,
  );
  return rows.map((row) => ({
    object: `${fk.table} ${row.id}`,
    message: row.parentOrg
      ? `organization ${row.org}, but its ${ref} points at ${fk.parent} of organization ${row.parentOrg}`
      : `its ${ref} points at a ${fk.parent} row that does not exist`,
    fix: `-- decide per row: point ${ref} at a row of organization ${row.org}, or\nDELETE FROM ${ident(fk.table)} WHERE id = '${row.id}';`,
  }));
}

export const dataCheck: Check = {
  name: 'data',
  async run({ driver }) {
    const counts = await rowCounts(driver);
    const references = await tenantReferences(driver);
    const problems = (await Promise.all(references.map((fk) => orphans(driver, fk)))).flat();
    const total = Object.values(counts).reduce((sum, n) => sum + n, 0);
    return verdict('data', problems, `${total} rows in ${Object.keys(counts).length} tables; no cross-tenant or orphaned references`, { rowCounts: counts });
  },
};
