import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { parse, validate } from 'graphql';
import type { Database } from '../../db/database.js';
import { listPersistedOperations, savePersistedOperations, type OperationRecord } from '../../db/privileged.js';
import { parseManifest } from '../../persisted/trusted-documents.js';
import { unguardedSchema } from '../../graphql/schema.js';
import { UsageError } from '../args.js';

export const operationsUsage = [
  'operations register <manifest.json>   add trusted documents (Apollo persisted-query manifest)',
  'operations list                       list the registered ones',
].join('\n  ');

/** Refuses a manifest entry whose id is not the SHA-256 of its body, or that this schema cannot run. */
function checkOperation(operation: OperationRecord): string | undefined {
  const digest = createHash('sha256').update(operation.body).digest('hex');
  if (digest !== operation.id) return `${operation.name}: id is not the SHA-256 of its body`;
  try {
    const problems = validate(unguardedSchema, parse(operation.body));
    return problems.length ? `${operation.name}: ${problems[0].message}` : undefined;
  } catch (error) {
    return `${operation.name}: ${(error as Error).message}`;
  }
}

async function register(file: string | undefined, db: Database): Promise<void> {
  if (!file) throw new UsageError('operations register needs a manifest file');
  const manifest = parseManifest(await readFile(file, 'utf8'), file);
  const problems = manifest.operations.map(checkOperation).filter((problem) => problem !== undefined);
  if (problems.length) throw new UsageError(`manifest refused:\n  ${problems.join('\n  ')}`);
  const { count } = await savePersistedOperations(db.base, manifest.operations);
  console.log(`registered ${count} new operation(s); ${manifest.operations.length - count} already known`);
}

async function list(db: Database): Promise<void> {
  for (const operation of await listPersistedOperations(db.base)) {
    console.log(`${operation.id}  ${operation.type.padEnd(8)} ${operation.name}`);
  }
}

export async function operationsCommand(argv: string[], db: Database): Promise<void> {
  const [sub, file] = argv;
  if (sub === 'register') return register(file, db);
  if (sub === 'list') return list(db);
  throw new UsageError(`unknown operations command: ${sub ?? '(none)'}`);
}
