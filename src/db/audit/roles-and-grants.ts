import { APP_ROLE } from '../tenant.js';
import { tables } from './catalog.js';
import { ident, verdict, type Check, type Problem } from './check.js';
import type { Driver } from '../driver.js';

/**
 * The application role is the second isolation layer's foundation: it must not be able to log in,
 * bypass RLS or own anything (owners can alter policies away). It writes the audit log but never
 * rewrites it, and it may DELETE only where the API deletes.
 */

/** removeMember is the only delete the API makes; everything else is archived, revoked or history. */
export const API_DELETES = ['organization_members'];
export const AUDIT_TABLE = 'audit_log_entries';

interface RoleRow {
  rolcanlogin: boolean;
  rolsuper: boolean;
  rolbypassrls: boolean;
  owned: string[];
}

async function readRole(driver: Driver): Promise<RoleRow | undefined> {
  const [row] = await driver.query<RoleRow>(
    `SELECT r.rolcanlogin, r.rolsuper, r.rolbypassrls,
            array(SELECT 'table ' || relname FROM pg_class WHERE relowner = r.oid
                  UNION ALL SELECT 'function ' || proname FROM pg_proc WHERE proowner = r.oid
                  UNION ALL SELECT 'schema ' || nspname FROM pg_namespace WHERE nspowner = r.oid
                  UNION ALL SELECT 'type ' || typname FROM pg_type WHERE typowner = r.oid AND typrelid = 0) AS owned
       FROM pg_roles r WHERE r.rolname = $1`,
    [APP_ROLE],
  );
  return row;
}

function roleProblems(role: RoleRow): Problem[] {
  const problems: Problem[] = [];
  const alter = (option: string) => `ALTER ROLE ${APP_ROLE} ${option};`;
  if (role.rolcanlogin) problems.push({ object: APP_ROLE, message: 'can log in (it should only be switched to)', fix: alter('NOLOGIN') });
  if (role.rolsuper) problems.push({ object: APP_ROLE, message: 'is a superuser (bypasses row-level security)', fix: alter('NOSUPERUSER') });
  if (role.rolbypassrls) problems.push({ object: APP_ROLE, message: 'has BYPASSRLS (bypasses row-level security)', fix: alter('NOBYPASSRLS') });
  for (const object of role.owned) {
    problems.push({ object: `${APP_ROLE} owns ${object}`, message: 'an owner can disable or drop policies: give it to the role that runs migrations (ALTER … OWNER TO)' });
  }
  return problems;
}

interface GrantRow {
  table: string;
  update: boolean;
  delete: boolean;
  truncate: boolean;
}

async function readGrants(driver: Driver): Promise<GrantRow[]> {
  return driver.query<GrantRow>(
    `SELECT t AS "table", has_any_column_privilege($1, quote_ident(t), 'UPDATE') AS update,
            has_table_privilege($1, quote_ident(t), 'DELETE') AS delete, has_table_privilege($1, quote_ident(t), 'TRUNCATE') AS truncate
       FROM unnest($2::text[]) t`,
    [APP_ROLE, await tables(driver)],
  );
}

function grantProblems(grant: GrantRow): Problem[] {
  const problems: Problem[] = [];
  const revoke = (what: string) => `REVOKE ${what} ON ${ident(grant.table)} FROM ${APP_ROLE};`;
  if (grant.table === AUDIT_TABLE && grant.update) problems.push({ object: grant.table, message: 'the audit log is not append-only: the application role may UPDATE it', fix: revoke('UPDATE') });
  if (grant.delete && !API_DELETES.includes(grant.table)) problems.push({ object: grant.table, message: 'the application role may DELETE, but the API never deletes here', fix: revoke('DELETE') });
  if (grant.truncate) problems.push({ object: grant.table, message: 'the application role may TRUNCATE (bypasses row-level security)', fix: revoke('TRUNCATE') });
  return problems;
}

export const rolesAndGrantsCheck: Check = {
  name: 'roles-and-grants',
  async run({ driver }) {
    const role = await readRole(driver);
    if (!role) return verdict('roles-and-grants', [{ object: APP_ROLE, message: 'the application role does not exist', fix: 'npm run migrate' }], '');
    const problems = [...roleProblems(role), ...(await readGrants(driver)).flatMap(grantProblems)];
    return verdict('roles-and-grants', problems, `${APP_ROLE}: NOLOGIN, no SUPERUSER or BYPASSRLS, owns nothing; audit log append-only; DELETE only on ${API_DELETES.join(', ')}`);
  },
};
