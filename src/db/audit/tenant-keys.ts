import { tenantReferences, type ForeignKey } from './catalog.js';
import { ident, verdict, type Check, type Problem } from './check.js';

/**
 * Foreign-key checks do not pass through row-level security, so a reference between two tenant
 * tables must carry "organizationId" on both sides, at the same position: then the database itself
 * refuses a link into another tenant. A SET NULL reference must null only its own column (the
 * PostgreSQL 15 column list), never "organizationId". And the key must be enforced (not disabled).
 */

const ON_DELETE: Record<string, string> = { a: 'NO ACTION', r: 'RESTRICT', c: 'CASCADE', n: 'SET NULL', d: 'SET DEFAULT' };

const includesTenant = (fk: ForeignKey) => {
  const at = fk.columns.indexOf('organizationId');
  return at >= 0 && fk.parentColumns[at] === 'organizationId';
};

/** The single reference column(s): the key minus "organizationId". */
const referenceColumns = (fk: ForeignKey) => fk.columns.filter((column) => column !== 'organizationId');

function compositeFix(fk: ForeignKey): string {
  const refs = referenceColumns(fk);
  const parentRefs = fk.parentColumns.filter((_, i) => fk.columns[i] !== 'organizationId');
  const action = fk.onDelete === 'n' || fk.onDelete === 'd' ? `${ON_DELETE[fk.onDelete]} (${refs.map(ident).join(', ')})` : ON_DELETE[fk.onDelete];
  const list = (columns: string[]) => ['organizationId', ...columns].map(ident).join(', ');
  return [
    `CREATE UNIQUE INDEX IF NOT EXISTS ${ident(`${fk.parent}_organizationId_${parentRefs.join('_')}_key`)} ON ${ident(fk.parent)} (${list(parentRefs)});`,
    `ALTER TABLE ${ident(fk.table)} DROP CONSTRAINT ${ident(fk.name)};`,
    `ALTER TABLE ${ident(fk.table)} ADD CONSTRAINT ${ident(fk.name)} FOREIGN KEY (${list(refs)}) REFERENCES ${ident(fk.parent)} (${list(parentRefs)}) ON DELETE ${action} ON UPDATE CASCADE;`,
  ].join('\n');
}

function keyProblems(fk: ForeignKey): Problem[] {
  const object = `${fk.table}.${fk.name}`;
  if (!includesTenant(fk)) return [{ object, message: `${fk.definition}: does not include "organizationId", so it can point into another tenant`, fix: compositeFix(fk) }];
  const problems: Problem[] = [];
  const nullsAll = fk.setNullColumns.length === 0 || fk.setNullColumns.includes('organizationId');
  if ((fk.onDelete === 'n' || fk.onDelete === 'd') && nullsAll) {
    problems.push({ object, message: `${fk.definition}: ON DELETE ${ON_DELETE[fk.onDelete]} would also clear "organizationId"`, fix: compositeFix(fk) });
  }
  if (!fk.enforced) problems.push({ object, message: 'is not enforced: its triggers are disabled', fix: `ALTER TABLE ${ident(fk.table)} ENABLE TRIGGER ALL;` });
  return problems;
}

export const tenantKeysCheck: Check = {
  name: 'tenant-keys',
  async run({ driver }) {
    const references = await tenantReferences(driver);
    const problems = references.flatMap(keyProblems);
    return verdict('tenant-keys', problems, `${references.length} tenant→tenant references, all through ("organizationId", ref)`, {
      references: references.map((fk) => `${fk.table}(${fk.columns.join(', ')}) → ${fk.parent}(${fk.parentColumns.join(', ')})`),
    });
  },
};
