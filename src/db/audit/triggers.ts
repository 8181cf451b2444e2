import { tablesWithColumn } from './catalog.js';
import { ident, verdict, type Check } from './check.js';

/** Raw SQL writes (seeding, operators' fixes) bypass Prisma's @updatedAt: a trigger keeps it honest. */
export const TOUCH_FUNCTION = 'app_touch_updated_at';

export const triggersCheck: Check = {
  name: 'triggers',
  async run({ driver }) {
    const touched = await driver.query<{ table: string }>(
      `SELECT c.relname AS "table" FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_proc p ON p.oid = t.tgfoid
        WHERE p.proname = $1 AND NOT t.tgisinternal AND t.tgenabled <> 'D'
          AND (t.tgtype & 2) = 2 AND (t.tgtype & 16) = 16 AND (t.tgtype & 1) = 1`, // BEFORE, UPDATE, FOR EACH ROW
      [TOUCH_FUNCTION],
    );
    const covered = new Set(touched.map((row) => row.table));
    const tables = await tablesWithColumn(driver, 'updatedAt');
    const problems = tables
      .filter((table) => !covered.has(table))
      .map((table) => ({
        object: table,
        message: `has "updatedAt" but no enabled BEFORE UPDATE trigger calling ${TOUCH_FUNCTION}()`,
        fix: `CREATE TRIGGER ${ident(`${table}_touch_updated_at`)} BEFORE UPDATE ON ${ident(table)} FOR EACH ROW EXECUTE FUNCTION ${TOUCH_FUNCTION}();`,
      }));
    return verdict('triggers', problems, `${tables.length} tables with "updatedAt", each with its trigger`);
  },
};
