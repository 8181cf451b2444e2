import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { encodeBase64 } from '@pothos/core';
import { encodeGlobalID } from '@pothos/plugin-relay';
import { SubscriptionClient } from '../support/subscriptions.js';
import { createWorld, errorLines, logLineCount, refusals, type World } from '../fuzz/fixture.js';

/**
 * One example of each class of input the fuzzing suite (tests/fuzz/) found reaching the database or
 * being stored as something else: refused before any SQL with BAD_USER_INPUT naming the field, or
 * answered as SPEC says, and never an error-level log line.
 */

let world: World;
beforeAll(async () => {
  world = await createWorld();
});
afterAll(() => world.g.stop());

const CREATE = 'mutation($input: CreateWorkflowInput!) { createWorkflow(input: $input) { workflow { id } } }';
const nested = (depth: number): unknown => (depth === 0 ? 1 : [nested(depth - 1)]);

describe('values the database cannot store exactly', () => {
  it.each([
    ['a NUL in text', { name: 'a\u0000b', definition: {} }, 'name', /NUL/],
    ['an unpaired surrogate in text', { name: 'ok', description: 'x\ud800', definition: {} }, 'description', /unpaired/],
    ['\\u0000 in a JSON string', { name: 'ok', definition: { step: 'a\u0000' } }, 'definition', /NUL.*\(at step\)/],
    ['an unpaired surrogate in a JSON key', { name: 'ok', definition: { '\udc00': 1 } }, 'definition', /keys must not contain an unpaired/],
    ['the JSON key __proto__', { name: 'ok', definition: JSON.parse('{"__proto__":{"x":1}}') }, 'definition', /"__proto__"/],
    ['JSON nested past the limit', { name: 'ok', definition: { deep: nested(40) } }, 'definition', /deeper than 32/],
    ['text past the common length bound', { name: 'ok', description: 'x'.repeat(10_001), definition: {} }, 'description', /at most 10000/],
  ])('%s is BAD_USER_INPUT naming the field, before any SQL', async (_label, input, field, message) => {
    const logLines = logLineCount(world);
    const reply = await world.g.post({ query: CREATE, variables: { input } }, world.owner);
    expect(reply.status).toBe(400);
    expect(reply.body.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field } });
    expect(reply.body.errors?.[0].message).toMatch(message);
    expect([...errorLines(world, logLines), ...refusals(world, logLines)]).toEqual([]);
  });

  it('a non-finite number in a JSON literal is refused, not stored as null', async () => {
    const reply = await world.g.post({ query: 'mutation { createWorkflow(input: { name: "n", definition: { a: 1e400 } }) { workflow { id } } }' }, world.owner);
    expect(reply.body.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'definition' } });
  });
});

describe('arguments of query fields', () => {
  it.each([
    ['a NUL in a filter', '{ organization { workflows(search: "a\\u0000") { totalCount } } }', 'search'],
    ['a NUL in an exact-match filter', '{ organization { integrations(provider: "\\u0000") { totalCount } } }', 'provider'],
    ['a cursor of another kind', `{ organization { workflows(first: 1, after: "${encodeBase64('GPC:N:1e400')}") { totalCount } } }`, 'after'],
    ['a cursor whose id is not a UUID', `{ organization { executions(last: 1, before: "${encodeBase64('GPC:S:zzz')}") { totalCount } } }`, 'before'],
  ])('%s is BAD_USER_INPUT naming the argument', async (_label, query, field) => {
    const reply = await world.g.post({ query }, world.owner);
    expect(reply.body.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field } });
  });

  it('node and nodes answer null for an id of an unknown type or with a non-UUID id', async () => {
    const ids = [encodeGlobalID('X', '1'), encodeGlobalID('Workflow', 'not-a-uuid'), world.workflowId];
    const reply = await world.g.post({ query: 'query($ids: [ID!]!, $id: ID!) { node(id: $id) { id } nodes(ids: $ids) { id } }', variables: { ids, id: ids[0] } }, world.owner);
    expect(reply.body).toEqual({ data: { node: null, nodes: [null, null, { id: world.workflowId }] } });
  });
});

describe('connection_init', () => {
  it('an organization no slug or id can name is refused with 4403, without a look-up', async () => {
    const logLines = logLineCount(world);
    const { closed } = await SubscriptionClient.connect(world.g.server.url, { authorization: world.owner.authorization, 'x-organization-id': 'acme\u0000' });
    expect(closed?.code).toBe(4403);
    expect([...errorLines(world, logLines), ...refusals(world, logLines)]).toEqual([]);
  });
});
