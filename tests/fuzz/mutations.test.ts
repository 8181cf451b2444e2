import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { fc } from '@fast-check/jest';
import { createWorld, expectNoFault, fingerprint, FUZZ_SEED, logLineCount, materialise, REPLAY, type World } from './fixture.js';
import { MUTATIONS, type MutationTarget } from './mutation-targets.js';

/**
 * Every mutation with inputs from the whole space (values.ts), against the real server and
 * database. A refused input writes no row and no audit entry; an accepted one reads back, through
 * `node(id:)`, exactly as sent (JSON as the same value: jsonb keeps no key order).
 */

let world: World;
beforeAll(async () => {
  world = await createWorld();
});
afterAll(async () => {
  console.log(`mutation cases: ${JSON.stringify(tally)}`);
  await world.g.stop();
});

/** Cases per mutation, and how many of them the gateway accepted: a fuzzer that is never accepted tests little. */
const tally: Record<string, { cases: number; accepted: number }> = {};

const mutation = (target: MutationTarget) =>
  `mutation($input: ${target.inputType}!) { ${target.name}(input: $input) { ${target.entity ? `${target.entity} { id }` : 'deletedId'} } }`;

/** JSON in one canonical spelling: keys sorted, as JSON.parse(JSON.stringify(…)) would carry them. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) =>
    item && typeof item === 'object' && !Array.isArray(item) ? Object.fromEntries(Object.entries(item).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : item,
  );
}

const at = (value: unknown, path: string) => path.split('.').reduce<unknown>((node, key) => (node as Record<string, unknown> | null)?.[key], value);

async function expectStoredAsSent(target: MutationTarget, input: Record<string, unknown>, entityId: string) {
  const { fragment, stored, as } = target.readBack!;
  const headers = as ? await as(world, input) : world.owner;
  const reply = await world.g.post({ query: `query($id: ID!) { node(id: $id) { ${fragment} } }`, variables: { id: entityId } }, headers);
  for (const [field, [path, normalise]] of Object.entries(stored)) {
    const sent = JSON.parse(JSON.stringify({ value: input[field] })).value as unknown;
    if (sent === undefined || sent === null) continue;
    const expected = typeof sent === 'string' && normalise ? normalise(sent) : sent;
    expect(canonical(at(reply.body.data?.node, path))).toBe(canonical(expected));
  }
}

async function sendCase(target: MutationTarget, generated: Record<string, unknown>) {
  const input = await materialise(world, generated);
  const before = await fingerprint(world.g.db, world);
  const logLines = logLineCount(world);
  const reply = await world.g.post({ query: mutation(target), variables: { input } }, target.actor === 'owner' ? world.owner : world.worker);
  expectNoFault(world, reply, logLines);
  const accepted = reply.body.data?.[target.name];
  tally[target.name] ??= { cases: 0, accepted: 0 };
  tally[target.name].cases += 1;
  if (accepted) tally[target.name].accepted += 1;
  if (!accepted) expect(await fingerprint(world.g.db, world)).toBe(before);
  else if (target.readBack && target.entity) await expectStoredAsSent(target, input, accepted[target.entity].id);
}

describe(`mutations with fuzzed input (seed ${FUZZ_SEED})`, () => {
  for (const target of MUTATIONS) {
    it(`${target.name}: no internal error or error log; refused writes nothing; accepted reads back as sent`, async () => {
      await fc.assert(fc.asyncProperty(target.input(world), (input) => sendCase(target, input)), REPLAY);
    });
  }
});
