import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { fc } from '@fast-check/jest';
import { SubscriptionClient, type Closed, type ProtocolMessage } from '../support/subscriptions.js';
import { EXECUTION_UPDATED } from '../subscriptions/fixture.js';
import { createWorld, errorLines, FUZZ_SEED, knownIds, logLineCount, refusals, REPLAY, type World } from './fixture.js';
import { anyId, anyJson, anyText, optional } from './values.js';

/**
 * The WebSocket path: connection_init payloads (credentials and tenant in every shape) and subscribe
 * payloads on an admitted socket. A socket is acknowledged or closed with a documented code
 * (SPEC §10: 4400, 4401, 4403, 4429; 1009 past the message size); a subscribe gets an error that is
 * not INTERNAL_SERVER_ERROR, or the socket is closed with 4400 (or 1009), or the subscription starts
 * listening. Never an error log.
 */

let world: World;
beforeAll(async () => {
  world = await createWorld();
});
afterAll(() => world.g.stop());

/** SPEC §10's codes, and ws' own 1009 for a message over its size limit (see ws/close-codes.ts). */
const DOCUMENTED_CLOSE_CODES = [4400, 4401, 4403, 4429, 1009];
const MALFORMED_MESSAGE_CODES = [4400, 1009];

function expectQuiet(logLines: number) {
  expect({ errorLog: errorLines(world, logLines), refusedByDatabase: refusals(world, logLines) }).toEqual({ errorLog: [], refusedByDatabase: [] });
}

const isClosed = (outcome: ProtocolMessage | Closed): outcome is Closed => 'code' in outcome;

async function connectCase(payload: unknown) {
  const logLines = logLineCount(world);
  const client = await SubscriptionClient.open(world.g.server.url);
  client.send(JSON.stringify({ type: 'connection_init', payload }));
  const first = await Promise.race([client.nextMessage().catch(() => client.closed), client.closed]);
  if (isClosed(first)) expect(DOCUMENTED_CLOSE_CODES).toContain(first.code);
  else expect(first.type).toBe('connection_ack');
  await client.close();
  expectQuiet(logLines);
}

/** Resolves once the organization has more event listeners than `before`: a subscription is listening. */
async function listening(before: number, stop: { done: boolean }): Promise<'listening'> {
  while (!stop.done && world.g.server.events.listenerCount(world.organizationId) <= before) await new Promise((resolve) => setTimeout(resolve, 5));
  return 'listening';
}

async function subscribeCase(payload: unknown) {
  const { client, acknowledged } = await SubscriptionClient.connect(world.g.server.url, world.owner);
  expect(acknowledged).toBe(true);
  const logLines = logLineCount(world);
  const before = world.g.server.events.listenerCount(world.organizationId);
  const stop = { done: false };
  client.send(JSON.stringify({ id: 'fuzz', type: 'subscribe', payload }));
  const outcome = await Promise.race([client.nextMessage('fuzz').catch(() => client.closed), client.closed, listening(before, stop)]);
  stop.done = true;
  if (outcome !== 'listening' && isClosed(outcome)) expect(MALFORMED_MESSAGE_CODES).toContain(outcome.code);
  else if (outcome !== 'listening') expect(outcome.payload?.[0]?.extensions?.code ?? outcome.payload?.errors?.[0]?.extensions?.code).not.toBe('INTERNAL_SERVER_ERROR');
  await client.close();
  expectQuiet(logLines);
}

describe(`the WebSocket path, fuzzed (seed ${FUZZ_SEED})`, () => {
  it('connection_init payloads: acknowledged, or closed with a documented code', async () => {
    const person = fc.record({
      authorization: fc.oneof(anyText(), anyText().map((token) => `Bearer ${token}`), fc.constant(world.owner.authorization), fc.constant(world.owner.authorization)),
      'x-organization-id': optional(fc.oneof(anyText(), fc.constant(world.organizationId))),
    });
    const apiKey = fc.record({ 'x-api-key': fc.oneof(anyText(), anyText().map((key) => `fgk_${key}`)) });
    const credentials = fc.oneof(person, person, apiKey, fc.tuple(person, apiKey).map(([one, other]) => ({ ...one, ...other })));
    await fc.assert(fc.asyncProperty(fc.oneof({ weight: 3, arbitrary: credentials }, { weight: 1, arbitrary: anyJson() }), connectCase), REPLAY);
  });

  it('subscribe payloads: an error that is not internal, a 4400 close, or a listening subscription', async () => {
    const narrowing = fc.record({ workflowId: optional(anyId(knownIds(world), [world.workflowId])), executionId: optional(anyId(knownIds(world))) });
    const query = fc.oneof(
      { weight: 3, arbitrary: fc.constant(EXECUTION_UPDATED) },
      { weight: 1, arbitrary: anyText().map((id) => `subscription { executionUpdated(workflowId: ${JSON.stringify(id)}) { id } }`) },
      { weight: 1, arbitrary: anyText() },
    );
    const payload = fc.record({ query, variables: optional(fc.oneof(narrowing, anyJson())), operationName: optional(anyJson()), extensions: optional(anyJson()) });
    await fc.assert(fc.asyncProperty(fc.oneof({ weight: 4, arbitrary: payload }, { weight: 1, arbitrary: anyJson() }), subscribeCase), REPLAY);
  });
});
