import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { costBudget } from '../../src/admission/cost-budget.js';
import { MemoryBucketStore } from '../../src/rate-limit/bucket-store.js';
import { connectRedis, type Redis } from '../../src/runtime/redis.js';
import { createLogger } from '../../src/runtime/logger.js';
import { createMember, createOrganization } from '../support/factories.js';
import { startGateway, type Gateway } from '../security/gateway.js';

/**
 * TENANT_COST_PER_MINUTE, shared by two replicas through Redis: a FREE organization with a budget of
 * 1 unit a minute spends it with its first query (any query costs at least 1), so its next one, on
 * the other replica, is refused for the organization; another organization is unaffected. The
 * budget refills at 1 unit a minute, far slower than this test, so nothing here depends on timing.
 */
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
let redis: Redis;
let replicas: Gateway[];

beforeAll(async () => {
  redis = await connectRedis(REDIS_URL, createLogger({ logLevel: 'silent' }));
  const env = { TENANT_COST_PER_MINUTE: '1', REDIS_PREFIX: `flowgate-test-${randomBytes(4).toString('hex')}:` };
  const first = await startGateway({ env, redis });
  replicas = [first, await startGateway({ env, redis, database: first.db })];
});
afterAll(async () => {
  await replicas[1].server.stop();
  await replicas[0].stop();
  redis.destroy();
});

async function ownerOfNewOrganization(plan: 'FREE') {
  const organization = await createOrganization(replicas[0].db.base, { plan });
  const { user } = await createMember(replicas[0].db.base, organization.id, 'OWNER');
  return { organizationId: organization.id, headers: await replicas[0].as(user.id, organization.id) };
}

const QUERY = { query: '{ organization { workflows(first: 10) { totalCount } } }' };

describe('the cost budget per organization', () => {
  it('refuses an organization past its budget on every replica, and only that organization', async () => {
    const spender = await ownerOfNewOrganization('FREE');
    const bystander = await ownerOfNewOrganization('FREE');
    expect((await replicas[0].post(QUERY, spender.headers)).status).toBe(200);

    const refused = await replicas[1].post(QUERY, spender.headers);
    expect(refused.status).toBe(429);
    expect(refused.body.errors?.[0].extensions).toEqual({
      code: 'RATE_LIMITED',
      scope: 'organization',
      reason: 'cost budget spent',
      retryAfterSeconds: expect.any(Number),
    });
    expect(refused.headers.get('retry-after')).toBe(String(refused.body.errors?.[0].extensions?.retryAfterSeconds));

    expect((await replicas[1].post(QUERY, bystander.headers)).status).toBe(200);
    // Requests without an organization have no budget.
    expect((await replicas[1].post({ query: '{ __typename }' }, await replicas[1].as(randomUUID()))).status).toBe(200);
  });

  it('charges nothing for an operation refused before it runs', async () => {
    const spender = await ownerOfNewOrganization('FREE');
    const refusedArgument = { query: 'query ($search: String) { organization { workflows(first: 10, search: $search) { totalCount } } }', variables: { search: 'a\u0000b' } };
    for (const replica of replicas) {
      const refused = await replica.post(refusedArgument, spender.headers);
      expect(refused.status).toBe(400);
      expect(refused.body.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    }
    // The budget of 1 unit is still whole: the first query that runs spends it.
    expect((await replicas[0].post(QUERY, spender.headers)).status).toBe(200);
    expect((await replicas[1].post(QUERY, spender.headers)).status).toBe(429);
  });

  it('scales the budget by plan: TEAM 5 times FREE, ENTERPRISE 20 times', async () => {
    const frozenClock = () => 0; // no refill: only the plan decides how much fits
    const charge = costBudget({ perMinute: 100, store: new MemoryBucketStore(1_000, frozenClock) });
    for (const [plan, units] of [['FREE', 100], ['TEAM', 500], ['ENTERPRISE', 2_000]] as const) {
      const organization = { id: randomUUID(), plan };
      await charge(organization, units - 1);
      await charge(organization, 1);
      await expect(charge(organization, 1)).rejects.toMatchObject({ extensions: { code: 'RATE_LIMITED', scope: 'organization' } });
    }
  });
});
