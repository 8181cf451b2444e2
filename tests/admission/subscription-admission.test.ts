import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createExecution, createWorkflow } from '../support/factories.js';
import { SubscriptionClient } from '../support/subscriptions.js';
import { eventually, memberOfNewOrganization, metricValue, startGateway, whileTableLocked, type Gateway } from '../security/gateway.js';

/**
 * A subscription's event re-reads are admitted in its organization's lane, like HTTP requests: while
 * organization A has a request held in the database (its one slot taken), A's re-read waits in A's
 * queue, and organization B's re-read is not behind it. What happens when is read from /metrics and
 * the messages, never from timing.
 */
let g: Gateway;
beforeAll(async () => {
  // Generous acquire timeout: on the embedded database every read waits for the held connection.
  g = await startGateway({ env: { TENANT_MAX_IN_FLIGHT: '1', RATE_LIMIT_PER_MINUTE: '1000', DATABASE_ACQUIRE_TIMEOUT_MS: '60000' } });
});
afterAll(() => g.stop());

const WATCH = 'subscription { executionUpdated { id status } }';
const INTEGRATIONS = { query: '{ organization { integrations(first: 5) { totalCount } } }' };

/** An organization with a viewer watching its executions, and the event that re-reads one of them. */
async function watchingOrganization() {
  const member = await memberOfNewOrganization(g, 'VIEWER');
  const workflow = await createWorkflow(g.db.base, member.organizationId);
  const execution = await createExecution(g.db.base, workflow);
  const { client, acknowledged } = await SubscriptionClient.connect(g.server.url, member.headers);
  expect(acknowledged).toBe(true);
  const listening = () => g.server.events.listenerCount(member.organizationId);
  const before = listening(); // the socket's own watch on the membership
  client.subscribe('watch', WATCH);
  const publish = () => g.server.events.publish({ kind: 'execution', organizationId: member.organizationId, executionId: execution.id, workflowId: workflow.id });
  // Live once its event stream listens on this replica's bus; its first event then proves the re-read path.
  await eventually(() => expect(listening()).toBe(before + 1));
  await publish();
  expect((await client.nextMessage('watch')).payload.data.executionUpdated.status).toEqual(expect.any(String));
  return { ...member, client, publish };
}

const waitsOf = async (organizationId: string) => (await metricValue(g, `flowgate_admission_waits_total{organization="${organizationId}"}`)) ?? 0;
const queuedOf = (organizationId: string) => metricValue(g, `flowgate_admission_requests{organization="${organizationId}",state="queued"}`);
const inFlightOf = (organizationId: string) => metricValue(g, `flowgate_admission_requests{organization="${organizationId}",state="in_flight"}`);

describe('subscription re-reads under fair admission', () => {
  it("waits in the subscriber's organization's queue, not ahead of it and not in another organization's way", async () => {
    const [a, b] = [await watchingOrganization(), await watchingOrganization()];
    // A's person's membership is confirmed once, so the held request joins A's lane.
    expect((await g.post(INTEGRATIONS, a.headers)).status).toBe(200);

    const embedded = g.db.driver.kind === 'embedded';
    const waitsBefore = await waitsOf(a.organizationId);
    // Returned in an object: returning the pending request itself would make the lock wait for it.
    const { held } = await whileTableLocked(g, 'integrations', async () => {
      const request = g.post(INTEGRATIONS, a.headers);
      await eventually(async () => expect(await inFlightOf(a.organizationId)).toBe(1));
      await a.publish();
      await eventually(async () => expect(await queuedOf(a.organizationId)).toBe(1));
      await b.publish();
      // On PostgreSQL B's re-read needs no locked table and arrives while A's lane is still full.
      if (!embedded) expect((await b.client.nextMessage('watch')).payload.data.executionUpdated).toEqual({ id: expect.any(String), status: expect.any(String) });
      expect(a.client.pending('watch')).toEqual([]);
      return { held: request };
    });

    const reply = await held;
    expect(reply.body).toEqual({ data: { organization: { integrations: { totalCount: 0 } } } });
    expect((await a.client.nextMessage('watch')).payload.data.executionUpdated).toEqual({ id: expect.any(String), status: expect.any(String) });
    if (embedded) expect((await b.client.nextMessage('watch')).payload.errors).toBeUndefined();
    // While the table was locked A waited once, for its re-read; its held request was admitted at once.
    expect((await waitsOf(a.organizationId)) - waitsBefore).toBe(1);
    const heldLine = g.logs.lines().find((line) => line.msg === 'graphql request' && line.requestId === reply.headers.get('x-request-id'));
    expect(heldLine).toMatchObject({ organizationId: a.organizationId, admissionWaitMs: expect.any(Number) });
    expect(heldLine!.admissionWaitMs).toBeLessThan(1);
    await Promise.all([a.client.close(), b.client.close()]);
    expect(g.logs.lines().filter((line) => line.level >= 50)).toEqual([]);
  });
});
