// Writes schema.graphql from the Pothos schema: the committed contract clients generate types from.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { lexicographicSortSchema, printSchema } from 'graphql';
import { PROJECT_ROOT } from '../src/runtime/paths.js';
import { unguardedSchema } from '../src/graphql/schema.js';

const file = path.join(PROJECT_ROOT, 'schema.graphql');
await writeFile(file, printSchema(lexicographicSortSchema(unguardedSchema)) + '\n');
console.log(`wrote ${path.relative(process.cwd(), file)}`);
