// `npm run schema:check [-- --base <git ref>]`: fails when this build's schema breaks a client.
// It compares the schema printed from the code with schema.graphql as committed at the base (by
// default the parent commit, HEAD~1: on main after a merge, everything the merge brought), prints
// the breaking and dangerous changes (--verbose: every change), fails on a BREAKING one, and validates every operation of the shipped
// manifest against the new schema. Registered operations live in a deployment's database:
// `npm run flowgate -- operations check` validates those, against the same schema.
import { execFileSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { unguardedSchema } from '../src/graphql/schema.js';
import { operationProblem } from '../src/persisted/operation-problem.js';
import { MANIFEST_PATH, parseManifest } from '../src/persisted/trusted-documents.js';
import { PROJECT_ROOT } from '../src/runtime/paths.js';
import { describeChange, schemaChanges } from './schema-check/compare.js';

const { values } = parseArgs({ options: { base: { type: 'string', default: 'HEAD~1' }, verbose: { type: 'boolean', default: false } } });

function committedSchema(ref: string): string {
  try {
    return execFileSync('git', ['show', `${ref}:schema.graphql`], { cwd: PROJECT_ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    console.error(`cannot read schema.graphql at ${ref} (${(error as Error).message.split('\n')[0]}); a shallow clone needs the base commit: pass --base <ref>`);
    process.exit(2);
  }
}

const changes = await schemaChanges(committedSchema(values.base!), unguardedSchema);
// Safe changes (added types and fields, descriptions) are many; --verbose lists them too.
const shown = values.verbose ? [['BREAKING', changes.breaking], ['dangerous', changes.dangerous], ['safe', changes.safe]] as const : [['BREAKING', changes.breaking], ['dangerous', changes.dangerous]] as const;
for (const [label, list] of shown) {
  for (const change of list) console.log(`${label.padEnd(9)} ${describeChange(change)}`);
}
const manifest = parseManifest(await readFile(MANIFEST_PATH, 'utf8'), MANIFEST_PATH);
const operationProblems = manifest.operations.map((operation) => operationProblem(unguardedSchema, operation)).filter((problem) => problem !== undefined);
for (const problem of operationProblems) console.error(`operation ${problem}`);

const total = changes.breaking.length + changes.dangerous.length + changes.safe.length;
console.log(`${total} schema changes since ${values.base}: ${changes.breaking.length} breaking, ${changes.dangerous.length} dangerous; ${manifest.operations.length - operationProblems.length} of ${manifest.operations.length} shipped operations validate`);
process.exit(changes.breaking.length || operationProblems.length ? 1 : 0);
