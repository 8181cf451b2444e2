import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { PROJECT_ROOT } from '../../src/runtime/paths.js';

/**
 * The folder rules the entry files state, checked on the imports themselves: the tree reads as the
 * request pipeline only while lower layers do not reach back up into a transport.
 */
const SRC = path.join(PROJECT_ROOT, 'src');

async function importsBelow(folder: string): Promise<Array<{ file: string; target: string }>> {
  const entries = await readdir(path.join(SRC, folder), { withFileTypes: true, recursive: true });
  const found: Array<{ file: string; target: string }> = [];
  for (const entry of entries.filter((e) => e.isFile() && e.name.endsWith('.ts'))) {
    const file = path.join(entry.parentPath, entry.name);
    const text = await readFile(file, 'utf8');
    for (const [, spec] of text.matchAll(/from\s+'([^']+)'/g)) {
      const target = spec.startsWith('.') ? path.relative(SRC, path.resolve(path.dirname(file), spec)) : spec;
      found.push({ file: path.relative(SRC, file), target });
    }
  }
  return found;
}

const violating = async (folder: string, forbidden: RegExp) =>
  (await importsBelow(folder)).filter(({ target }) => forbidden.test(target)).map(({ file, target }) => `${file} -> ${target}`);

describe('import rules between folders', () => {
  it('keeps only main.ts and config.ts at the top of src/', async () => {
    const top = (await readdir(SRC, { withFileTypes: true })).filter((e) => e.isFile()).map((e) => e.name);
    expect(top.sort()).toEqual(['config.ts', 'main.ts']);
  });

  it('modules/ never reads HTTP, Express or WebSocket', async () => {
    expect(await violating('modules', /^(http|ws)\/|^(express|ws|graphql-ws)(\/|$)/)).toEqual([]);
  });

  it('http/middleware/ and http/routes/ never read GraphQL types or the schema', async () => {
    const forbidden = /^graphql(\/(schema|builder|context|loaders|permissions)|$)|^modules\//;
    expect([...(await violating('http/middleware', forbidden)), ...(await violating('http/routes', forbidden))]).toEqual([]);
  });

  it('the shared concerns (limits, persisted, rate-limit, input, admission) and the GraphQL layer never read a transport', async () => {
    const forbidden = /^(http|ws)\/|^express$/;
    const found = await Promise.all(['limits', 'persisted', 'rate-limit', 'input', 'admission', 'graphql', 'db', 'auth', 'events'].map((folder) => violating(folder, forbidden)));
    expect(found.flat()).toEqual([]);
  });
});
