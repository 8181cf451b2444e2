import { readFile } from 'node:fs/promises';
import type { Database } from '../../db/database.js';
import { listPersistedOperations, savePersistedOperations, type OperationRecord } from '../../db/privileged.js';
import { operationProblem } from '../../persisted/operation-problem.js';
import { MANIFEST_PATH, parseManifest } from '../../persisted/trusted-documents.js';
import { unguardedSchema } from '../../graphql/schema.js';
import { UsageError } from '../args.js';

export const operationsUsage = [
  'operations register <manifest.json>   add trusted documents (Apollo persisted-query manifest)',
  'operations list                       list the registered ones',
  'operations check                      validate the shipped manifest and every registered operation against this build\'s schema (exit 1 if one fails)',
].join('\n  ');

async function register(file: string | undefined, db: Database): Promise<void> {
  if (!file) throw new UsageError('operations register needs a manifest file');
  const manifest = parseManifest(await readFile(file, 'utf8'), file);
  const problems = manifest.operations.map((operation) => operationProblem(unguardedSchema, operation)).filter((problem) => problem !== undefined);
  if (problems.length) throw new UsageError(`manifest refused:\n  ${problems.join('\n  ')}`);
  const { count } = await savePersistedOperations(db.base, manifest.operations);
  console.log(`registered ${count} new operation(s); ${manifest.operations.length - count} already known`);
}

async function list(db: Database): Promise<void> {
  for (const operation of await listPersistedOperations(db.base)) {
    console.log(`${operation.id}  ${operation.type.padEnd(8)} ${operation.name}`);
  }
}

/**
 * Before a new build is deployed: every operation partners may send by id (shipped or registered)
 * must still run on its schema. Exit 1, naming each one that does not.
 */
async function check(db: Database): Promise<number> {
  const shipped = parseManifest(await readFile(MANIFEST_PATH, 'utf8'), MANIFEST_PATH).operations;
  const operations = [...shipped, ...(await listPersistedOperations(db.base))];
  const problems = operations.map((operation) => operationProblem(unguardedSchema, operation)).filter((problem) => problem !== undefined);
  if (problems.length) {
    console.error(`trusted operations this schema cannot run:\n  ${problems.join('\n  ')}`);
    return 1;
  }
  console.log(`${operations.length} trusted operations (${shipped.length} shipped, ${operations.length - shipped.length} registered) validate against this schema`);
  return 0;
}

export async function operationsCommand(argv: string[], db: Database): Promise<number | void> {
  const [sub, file] = argv;
  if (sub === 'register') return register(file, db);
  if (sub === 'list') return list(db);
  if (sub === 'check') return check(db);
  throw new UsageError(`unknown operations command: ${sub ?? '(none)'}`);
}
