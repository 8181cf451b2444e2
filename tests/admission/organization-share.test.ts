import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { eventually, memberOfNewOrganization, metricValue, startGateway, whileTableLocked, type Gateway, type Reply } from '../security/gateway.js';

/**
 * Fair admission through the real server. Organization A's request is held in the database (behind a
 * table lock another session keeps), a second waits in A's queue, and a third finds A's queue full:
 * A alone hears RATE_LIMITED with scope "organization"; organization B is served meanwhile, and
 * someone who only claims to be in A is not queued (nor refused) as A. What
 * happens when is read from the responses and /metrics, never from timing.
 */
let g: Gateway;
let a: Awaited<ReturnType<typeof memberOfNewOrganization>>;
let b: Awaited<ReturnType<typeof memberOfNewOrganization>>;

beforeAll(async () => {
  g = await startGateway({ env: { TENANT_MAX_IN_FLIGHT: '1', TENANT_MAX_QUEUED: '1', RATE_LIMIT_PER_MINUTE: '1000' } });
  [a, b] = [await memberOfNewOrganization(g, 'VIEWER'), await memberOfNewOrganization(g, 'VIEWER')];
});
afterAll(() => g.stop());

const WORKFLOWS = { query: '{ organization { workflows(first: 5) { totalCount } } }' };
const NAME = { query: '{ organization { name } }' };

const metric = (series: string) => metricValue(g, series);

describe('fair admission per organization', () => {
  it("refuses only the flooding organization once its queue is full, and serves the other's requests", async () => {
    // Each person's membership is confirmed once, so their requests join their organization's lane.
    expect((await g.post(NAME, a.headers)).status).toBe(200);
    expect((await g.post(NAME, b.headers)).status).toBe(200);

    const embedded = g.db.driver.kind === 'embedded';
    let held: Promise<Reply>[] = [];
    let bReply: Promise<Reply> | undefined;
    let outsider: Promise<Reply> | undefined;
    const refused = await whileTableLocked(g, 'workflows', async () => {
      held = [g.post(WORKFLOWS, a.headers)];
      await eventually(async () => expect(await metric(`flowgate_admission_requests{organization="${a.organizationId}",state="in_flight"}`)).toBe(1));
      held.push(g.post(WORKFLOWS, a.headers));
      await eventually(async () => expect(await metric(`flowgate_admission_requests{organization="${a.organizationId}",state="queued"}`)).toBe(1));
      const third = await g.post(WORKFLOWS, a.headers);
      bReply = g.post(NAME, b.headers);
      // B's member claiming A while A's queue is full: not queued (or refused) as A, so not RATE_LIMITED.
      outsider = g.post(NAME, await g.as(b.userId, a.organizationId));
      // On PostgreSQL B reads no locked table and is answered while A's requests are still held.
      if (!embedded) expect((await bReply).status).toBe(200);
      return third;
    });

    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('1');
    expect(refused.body.errors?.[0].extensions).toEqual({ code: 'RATE_LIMITED', scope: 'organization', reason: 'queue full', retryAfterSeconds: 1 });
    expect((await bReply!).body).toEqual({ data: { organization: { name: expect.any(String) } } });
    expect((await outsider!).body.errors?.map((error) => error.extensions?.code)).toEqual(['FORBIDDEN']);
    for (const reply of await Promise.all(held)) expect(reply.body).toEqual({ data: { organization: { workflows: { totalCount: 0 } } } });
    await eventually(async () =>
      expect(await metric(`flowgate_admission_refusals_total{organization="${a.organizationId}",reason="queue full"}`)).toBe(1),
    );
    const lines = g.logs.lines().filter((line) => line.msg === 'graphql request');
    expect(lines.every((line) => line.admissionWaitMs === null || typeof line.admissionWaitMs === 'number')).toBe(true);
    expect(lines.some((line) => line.organizationId === a.organizationId && line.admissionWaitMs > 0)).toBe(true);
    expect(g.logs.lines().filter((line) => line.level >= 50)).toEqual([]);
  });
});
