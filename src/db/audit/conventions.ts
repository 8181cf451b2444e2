import { tables } from './catalog.js';
import { verdict, type Check, type Problem } from './check.js';
import { AUDIT_TABLE } from './roles-and-grants.js';

/**
 * The conventions the policies and the API rely on: a single-column UUID primary key "id" (global ids
 * and the tenant keys assume it), camelCase column names (Prisma's field names, unmapped), and one
 * audit table that every mutation writes.
 */

/** Keys that are not UUIDs on purpose: a trusted document's id is the SHA-256 of its body (content-addressed). */
const TEXT_KEYS = new Set(['persisted_operations']);
const CAMEL_CASE = /^[a-z][a-zA-Z0-9]*$/;

interface KeyRow {
  table: string;
  columns: string[];
  types: string[];
}

export const conventionsCheck: Check = {
  name: 'conventions',
  async run({ driver }) {
    const names = await tables(driver);
    const keys = await driver.query<KeyRow>(
      `SELECT c.relname AS "table", array_agg(a.attname::text ORDER BY a.attnum) AS columns, array_agg(format_type(a.atttypid, a.atttypmod) ORDER BY a.attnum) AS types
         FROM pg_constraint con JOIN pg_class c ON c.oid = con.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace
         JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = ANY(con.conkey)
        WHERE con.contype = 'p' AND n.nspname = 'public' GROUP BY c.relname`,
    );
    const keyOf = new Map(keys.map((key) => [key.table, key]));
    const problems: Problem[] = [];
    for (const table of names) {
      const key = keyOf.get(table);
      const expected = TEXT_KEYS.has(table) ? 'text' : 'uuid';
      if (!key || key.columns.join() !== 'id' || key.types[0] !== expected) {
        problems.push({ object: table, message: `primary key is ${key ? `(${key.columns.join(', ')}) ${key.types.join(', ')}` : 'missing'}; expected "id" ${expected}` });
      }
    }
    const columns = await driver.query<{ table: string; column: string }>(
      `SELECT c.relname AS "table", a.attname AS "column" FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
         JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'public' AND c.relname = ANY($1) AND a.attnum > 0 AND NOT a.attisdropped ORDER BY 1, a.attnum`,
      [names],
    );
    for (const { table, column } of columns.filter((row) => !CAMEL_CASE.test(row.column))) {
      problems.push({ object: `${table}.${column}`, message: 'column name is not camelCase' });
    }
    const auditTables = names.filter((table) => table.includes('audit'));
    if (auditTables.join() !== AUDIT_TABLE) problems.push({ object: auditTables.join(', ') || '(none)', message: `expected exactly one audit table, ${AUDIT_TABLE}` });
    return verdict('conventions', problems, `${names.length} tables: UUID keys, camelCase columns, one audit table`);
  },
};
