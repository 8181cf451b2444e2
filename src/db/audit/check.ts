import type { Driver } from '../driver.js';
import type { OfferedList } from '../../modules/lists/offered-lists.js';

/**
 * The shape every audit check shares. `--json` prints these objects as they are, so changing a field
 * here changes the documented output (README, "Database audit").
 */

export type CheckStatus = 'pass' | 'fail' | 'skip';

/** One thing wrong: the exact database object, what is wrong with it, and the SQL that fixes it. */
export interface Problem {
  object: string;
  message: string;
  fix?: string;
}

export interface CheckResult {
  name: string;
  status: CheckStatus;
  summary: string;
  problems: Problem[];
  /** Facts that are not pass/fail (row counts, applied migrations). */
  details?: Record<string, unknown>;
}

export interface AuditContext {
  driver: Driver;
  migrationsDir: string;
  schemaPath: string;
  /** The connections' offered orderings and filters, read from the GraphQL schema by the caller. */
  lists: OfferedList[];
}

export interface Check {
  name: string;
  run(ctx: AuditContext): Promise<CheckResult>;
}

/** Passes when nothing is wrong; otherwise fails with the problems, counted in the summary. */
export function verdict(name: string, problems: Problem[], passed: string, details?: Record<string, unknown>): CheckResult {
  const summary = problems.length === 0 ? passed : `${problems.length} problem${problems.length === 1 ? '' : 's'}`;
  return { name, status: problems.length === 0 ? 'pass' : 'fail', summary, problems, ...(details ? { details } : {}) };
}

/** A double-quoted SQL identifier. */
export const ident = (name: string) => `"${name.replaceAll('"', '""')}"`;
