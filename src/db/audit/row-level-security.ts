import { tablesWithColumn } from './catalog.js';
import { ident, verdict, type Check, type Problem } from './check.js';
import type { Driver } from '../driver.js';

/**
 * Every tenant table (and organizations, keyed on its own id) has RLS enabled AND forced (otherwise
 * its owner, the login role, is not filtered), and for each command a permissive policy whose USING
 * and WITH CHECK compare the tenant key with the tenant setting. `false` is accepted: it denies
 * (the audit log's UPDATE/DELETE). Any table with policies is checked for an always-true policy.
 */

interface PolicyRow {
  table: string;
  name: string;
  command: string;
  permissive: boolean;
  using: string | null;
  check: string | null;
}

interface TableRow {
  table: string;
  enabled: boolean;
  forced: boolean;
}

const COMMANDS = { r: 'SELECT', a: 'INSERT', w: 'UPDATE', d: 'DELETE' } as const;
type Command = keyof typeof COMMANDS;
/** Which expressions PostgreSQL applies for a command: USING filters rows, WITH CHECK new rows. */
const NEEDS: Record<Command, Array<'using' | 'check'>> = { r: ['using'], a: ['check'], w: ['using', 'check'], d: ['using'] };
const TENANT_SETTING = /app_current_org\(\)|current_setting\('app\.org_id'/;

const isTenantCheck = (expression: string, key: string) => TENANT_SETTING.test(expression) && expression.includes(key);
const isDenyAll = (expression: string) => /^\(?false\)?$/i.test(expression.trim());
const isAlwaysTrue = (expression: string | null) => expression !== null && /^\(?true\)?$/i.test(expression.trim());

async function readPolicies(driver: Driver): Promise<PolicyRow[]> {
  return driver.query<PolicyRow>(
    `SELECT c.relname AS "table", p.polname AS name, p.polcmd::text AS command, p.polpermissive AS permissive,
            pg_get_expr(p.polqual, p.polrelid) AS using, pg_get_expr(p.polwithcheck, p.polrelid) AS check
       FROM pg_policy p JOIN pg_class c ON c.oid = p.polrelid JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'public' ORDER BY 1, 2`,
  );
}

async function readTables(driver: Driver, names: string[]): Promise<TableRow[]> {
  return driver.query<TableRow>(
    `SELECT c.relname AS "table", c.relrowsecurity AS enabled, c.relforcerowsecurity AS forced
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'public' AND c.relname = ANY($1) ORDER BY 1`,
    [names],
  );
}

function switchProblems(row: TableRow): Problem[] {
  const problems: Problem[] = [];
  if (!row.enabled) problems.push({ object: row.table, message: 'row-level security is not enabled', fix: `ALTER TABLE ${ident(row.table)} ENABLE ROW LEVEL SECURITY;` });
  if (!row.forced) problems.push({ object: row.table, message: 'row-level security is not forced (the table owner bypasses it)', fix: `ALTER TABLE ${ident(row.table)} FORCE ROW LEVEL SECURITY;` });
  return problems;
}

function policyFix(table: string, key: string, command: Command): string {
  const check = `(${ident(key)} = (select app_current_org()))`;
  const clauses = NEEDS[command].map((part) => (part === 'using' ? `USING ${check}` : `WITH CHECK ${check}`)).join(' ');
  return `CREATE POLICY ${ident(`${table}_${COMMANDS[command].toLowerCase()}`)} ON ${ident(table)} FOR ${COMMANDS[command]} ${clauses};`;
}

function commandProblems(table: string, key: string, policies: PolicyRow[]): Problem[] {
  const problems: Problem[] = [];
  for (const command of Object.keys(COMMANDS) as Command[]) {
    const applicable = policies.filter((policy) => policy.permissive && (policy.command === command || policy.command === '*'));
    if (applicable.length === 0) {
      problems.push({ object: `${table} ${COMMANDS[command]}`, message: 'no policy for this command (the role sees or writes nothing, or the policy was dropped)', fix: policyFix(table, key, command) });
    }
    for (const policy of applicable) {
      for (const part of NEEDS[command]) {
        const expression = policy[part];
        if (expression === null) problems.push({ object: `${table}.${policy.name}`, message: `has no ${part === 'using' ? 'USING' : 'WITH CHECK'} expression` });
        else if (!isTenantCheck(expression, key) && !isDenyAll(expression)) {
          problems.push({ object: `${table}.${policy.name}`, message: `${part === 'using' ? 'USING' : 'WITH CHECK'} (${expression}) does not compare "${key}" with the tenant setting` });
        }
      }
    }
  }
  return problems;
}

export const rowLevelSecurityCheck: Check = {
  name: 'row-level-security',
  async run({ driver }) {
    const keyed = new Map((await tablesWithColumn(driver, 'organizationId')).map((table) => [table, 'organizationId']));
    keyed.set('organizations', 'id');
    const policies = await readPolicies(driver);
    const withPolicies = new Set(policies.map((policy) => policy.table));
    const checked = [...new Set([...keyed.keys(), ...withPolicies])].sort();
    const problems = (await readTables(driver, checked)).flatMap(switchProblems);
    for (const [table, key] of keyed) problems.push(...commandProblems(table, key, policies.filter((policy) => policy.table === table)));
    for (const policy of policies.filter((p) => p.permissive && (isAlwaysTrue(p.using) || isAlwaysTrue(p.check)))) {
      problems.push({ object: `${policy.table}.${policy.name}`, message: 'is always true: it lets every row through', fix: `DROP POLICY ${ident(policy.name)} ON ${ident(policy.table)};` });
    }
    return verdict('row-level-security', problems, `${checked.length} tables: enabled, forced, a tenant policy for every command`);
  },
};
