import type { Driver } from '../driver.js';
import { type AuditContext, type Check, type CheckResult } from './check.js';
import { conventionsCheck } from './conventions.js';
import { dataCheck } from './data.js';
import { driftCheck } from './drift.js';
import { indexesCheck } from './indexes.js';
import { migrationsCheck } from './migrations.js';
import { rolesAndGrantsCheck } from './roles-and-grants.js';
import { rowLevelSecurityCheck } from './row-level-security.js';
import { tenantKeysCheck } from './tenant-keys.js';
import { triggersCheck } from './triggers.js';

/** In report order. Each name is part of the documented output. */
export const CHECKS: Check[] = [
  migrationsCheck,
  driftCheck,
  rowLevelSecurityCheck,
  rolesAndGrantsCheck,
  tenantKeysCheck,
  indexesCheck,
  triggersCheck,
  conventionsCheck,
  dataCheck,
];

export interface AuditReport {
  /** Bumped when a field of the JSON output changes meaning. */
  version: 1;
  database: { kind: Driver['kind']; name: string; serverVersion: string };
  ok: boolean;
  checks: CheckResult[];
}

/** A check that cannot read what it needs fails with the database's own words, not the whole audit. */
async function runOne(check: Check, ctx: AuditContext): Promise<CheckResult> {
  try {
    return await check.run(ctx);
  } catch (error) {
    return { name: check.name, status: 'fail', summary: 'could not run', problems: [{ object: check.name, message: (error as Error).message }] };
  }
}

export async function runAudit(ctx: AuditContext): Promise<AuditReport> {
  const [database] = await ctx.driver.query<{ name: string; serverVersion: string }>(
    `SELECT current_database() AS name, current_setting('server_version') AS "serverVersion"`,
  );
  const checks: CheckResult[] = [];
  for (const check of CHECKS) checks.push(await runOne(check, ctx));
  return { version: 1, database: { kind: ctx.driver.kind, ...database }, ok: checks.every((check) => check.status !== 'fail'), checks };
}
