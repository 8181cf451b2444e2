import { readFile, readdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { lexicographicSortSchema, parse, printSchema } from 'graphql';
import { OPERATIONS_DIR, PROJECT_ROOT } from '../../src/runtime/paths.js';
import { unguardedSchema } from '../../src/graphql/schema.js';

/** The committed generated files equal what `npm run codegen` would write from the code today. */
const require = createRequire(import.meta.url);
const manifestPlugin = require(path.join(PROJECT_ROOT, 'scripts/codegen/apollo-manifest.cjs')) as {
  plugin: (schema: unknown, documents: Array<{ document: ReturnType<typeof parse> }>) => string;
};

describe('generated files', () => {
  it('schema.graphql is the printed Pothos schema', async () => {
    const committed = await readFile(path.join(PROJECT_ROOT, 'schema.graphql'), 'utf8');
    expect(committed).toBe(printSchema(lexicographicSortSchema(unguardedSchema)) + '\n');
  });

  it('operations/manifest.json matches operations/*.graphql', async () => {
    const files = (await readdir(OPERATIONS_DIR)).filter((file) => file.endsWith('.graphql')).sort();
    const documents = await Promise.all(files.map(async (file) => ({ document: parse(await readFile(path.join(OPERATIONS_DIR, file), 'utf8')) })));
    const committed = await readFile(path.join(OPERATIONS_DIR, 'manifest.json'), 'utf8');
    expect(committed).toBe(manifestPlugin.plugin(unguardedSchema, documents));
  });
});
