import { afterAll, beforeAll, describe, it } from '@jest/globals';
import { fc } from '@fast-check/jest';
import { createWorld, expectNoFault, FUZZ_SEED, logLineCount, REPLAY, type World } from './fixture.js';
import { QUERIES, type QueryTarget } from './query-targets.js';

/**
 * Every argument of every query field, with values from the whole space: ids of every type and
 * tenant, cursors of every kind Pothos decodes, page sizes past Int's bounds, filter text with NUL
 * and unpaired surrogates. Whatever the answer, it is never an internal error or an error log line.
 */

let world: World;
beforeAll(async () => {
  world = await createWorld();
});
afterAll(() => world.g.stop());

async function sendCase(target: QueryTarget, variables: Record<string, unknown>) {
  const logLines = logLineCount(world);
  const reply = await world.g.post({ query: target.query, variables }, world.owner);
  expectNoFault(world, reply, logLines);
}

describe(`query arguments, fuzzed (seed ${FUZZ_SEED})`, () => {
  for (const target of QUERIES) {
    it(`${target.name}: no internal error or error log`, async () => {
      await fc.assert(fc.asyncProperty(target.variables(world), (variables) => sendCase(target, variables)), REPLAY);
    });
  }
});
