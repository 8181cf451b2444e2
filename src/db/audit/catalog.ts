import type { Driver } from '../driver.js';

/**
 * Catalog reads the checks share. Everything is read from pg_catalog of the live database, in the
 * public schema (where the migrations put every table), never from the repository.
 */

/** Tables of ours, without Prisma's migration history. */
export async function tables(driver: Driver): Promise<string[]> {
  const rows = await driver.query<{ relname: string }>(
    `SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND c.relname <> '_prisma_migrations' ORDER BY 1`,
  );
  return rows.map((row) => row.relname);
}

/** Tables with a given column, e.g. every tenant-owned table ("organizationId"). */
export async function tablesWithColumn(driver: Driver, column: string): Promise<string[]> {
  const rows = await driver.query<{ relname: string }>(
    `SELECT c.relname FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND a.attname = $1 AND a.attnum > 0 AND NOT a.attisdropped ORDER BY 1`,
    [column],
  );
  return rows.map((row) => row.relname);
}

export interface ForeignKey {
  name: string;
  table: string;
  columns: string[];
  parent: string;
  parentColumns: string[];
  /** pg_constraint.confdeltype: a no action, r restrict, c cascade, n set null, d set default. */
  onDelete: string;
  /** The columns ON DELETE SET NULL/DEFAULT touches; empty means all of `columns` (PostgreSQL 15+). */
  setNullColumns: string[];
  /** False when a superuser turned its triggers off (ALTER TABLE … DISABLE TRIGGER ALL). */
  enforced: boolean;
  definition: string;
}

const columnNames = (rel: string, keys: string) =>
  `array(SELECT a.attname::text FROM unnest(${keys}) WITH ORDINALITY k(attnum, n)
           JOIN pg_attribute a ON a.attrelid = ${rel} AND a.attnum = k.attnum ORDER BY k.n)`;

export async function foreignKeys(driver: Driver): Promise<ForeignKey[]> {
  return driver.query<ForeignKey>(
    `SELECT con.conname AS name, c.relname AS "table", p.relname AS parent,
            ${columnNames('con.conrelid', 'con.conkey')} AS columns,
            ${columnNames('con.confrelid', 'con.confkey')} AS "parentColumns",
            con.confdeltype::text AS "onDelete",
            ${columnNames('con.conrelid', "coalesce(con.confdelsetcols, '{}')")} AS "setNullColumns",
            NOT EXISTS (SELECT 1 FROM pg_trigger t WHERE t.tgconstraint = con.oid AND t.tgenabled = 'D') AS enforced,
            pg_get_constraintdef(con.oid) AS definition
       FROM pg_constraint con
       JOIN pg_class c ON c.oid = con.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace
       JOIN pg_class p ON p.oid = con.confrelid
      WHERE con.contype = 'f' AND n.nspname = 'public'
      ORDER BY c.relname, con.conname`,
  );
}

export interface IndexInfo {
  name: string;
  table: string;
  /** Key columns in order (expressions appear as null and end the usable prefix). */
  columns: Array<string | null>;
  descending: boolean[];
  usable: boolean;
}

export async function indexes(driver: Driver): Promise<IndexInfo[]> {
  return driver.query<IndexInfo>(
    `SELECT ic.relname AS name, c.relname AS "table",
            array(SELECT a.attname::text FROM unnest(i.indkey::int2[]) WITH ORDINALITY k(attnum, n)
                    LEFT JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = k.attnum
                   WHERE k.n <= i.indnkeyatts ORDER BY k.n) AS columns,
            array(SELECT (o & 1) = 1 FROM unnest(i.indoption::int2[]) WITH ORDINALITY k(o, n) ORDER BY k.n) AS descending,
            (i.indisvalid AND i.indpred IS NULL AND am.amname = 'btree') AS usable
       FROM pg_index i
       JOIN pg_class ic ON ic.oid = i.indexrelid JOIN pg_am am ON am.oid = ic.relam
       JOIN pg_class c ON c.oid = i.indrelid JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'public'
      ORDER BY c.relname, ic.relname`,
  );
}

/**
 * A reference from one tenant-owned table to another: both carry "organizationId". References to
 * organizations (the tenant itself) and to users (global) are not tenant→tenant.
 */
export async function tenantReferences(driver: Driver): Promise<ForeignKey[]> {
  const tenant = new Set(await tablesWithColumn(driver, 'organizationId'));
  return (await foreignKeys(driver)).filter((fk) => tenant.has(fk.table) && tenant.has(fk.parent));
}
