// Writes schema.graphql from the Pothos schema: the committed contract clients generate types from.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { PROJECT_ROOT } from '../src/runtime/paths.js';
import { unguardedSchema } from '../src/graphql/schema.js';
import { schemaSdl } from './schema-check/compare.js';

const file = path.join(PROJECT_ROOT, 'schema.graphql');
await writeFile(file, schemaSdl(unguardedSchema));
console.log(`wrote ${path.relative(process.cwd(), file)}`);
