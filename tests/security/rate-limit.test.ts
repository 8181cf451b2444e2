import { randomBytes, randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { SignJWT } from 'jose';
import { createLogger } from '../../src/runtime/logger.js';
import { connectRedis, type Redis } from '../../src/runtime/redis.js';
import { createApiKey, createOrganization } from '../support/factories.js';
import { startGatewayProcess, type GatewayProcess } from '../support/process.js';
import { partnerOperation } from '../support/server.js';
import { LogCapture, readReply, startGateway, type Gateway, type Reply } from './gateway.js';

/** Token buckets per person, per API key and per anonymous IP address: 3 requests a minute here. */

const BUDGET = { RATE_LIMIT_PER_MINUTE: '3' };
/** The run's Redis, or the local one (CI starts it for both suites), as tests/persisted does. */
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const TYPENAME = { query: '{ __typename }' };

const code = (reply: Reply) => reply.body.errors?.[0]?.extensions?.code;
const statuses = (replies: Reply[]) => replies.map((reply) => reply.status);

async function sequentially(times: number, send: () => Promise<Reply>): Promise<Reply[]> {
  const replies: Reply[] = [];
  for (let n = 0; n < times; n += 1) replies.push(await send());
  return replies;
}

function expectLimited(reply: Reply) {
  expect(reply.status).toBe(429);
  expect(reply.body.data).toBeUndefined();
  const extensions = reply.body.errors?.[0].extensions;
  expect(extensions).toEqual({ code: 'RATE_LIMITED', retryAfterSeconds: expect.any(Number) });
  // 3 a minute is a token every 20 seconds.
  expect(extensions?.retryAfterSeconds).toBeGreaterThanOrEqual(1);
  expect(extensions?.retryAfterSeconds).toBeLessThanOrEqual(20);
  expect(reply.headers.get('retry-after')).toBe(String(extensions?.retryAfterSeconds));
}

describe('in process', () => {
  let g: Gateway;
  beforeAll(async () => {
    g = await startGateway({ env: BUDGET });
  });
  afterAll(() => g.stop());

  it('gives each person 3 requests, then 429 with Retry-After; another person is unaffected', async () => {
    const alice = await g.as(randomUUID());
    const replies = await sequentially(4, () => g.post(TYPENAME, alice));
    expect(statuses(replies)).toEqual([200, 200, 200, 429]);
    expectLimited(replies[3]);
    expect((await g.post(TYPENAME, await g.as(randomUUID()))).status).toBe(200);
  });

  it('refuses an over-budget request before looking at its document', async () => {
    const bob = await g.as(randomUUID());
    await sequentially(3, () => g.post(TYPENAME, bob));
    expectLimited(await g.post({ query: '{ this is not graphql' }, bob));
  });

  it('gives each API key its own budget', async () => {
    const org = await createOrganization(g.db.base);
    const [first, second] = [await createApiKey(g.db.base, org.id), await createApiKey(g.db.base, org.id)];
    const list = { query: partnerOperation('ListWorkflows') };
    const replies = await sequentially(4, () => g.post(list, { authorization: `ApiKey ${first.key}` }));
    expect(replies.slice(0, 3).map(code)).toEqual([undefined, undefined, undefined]);
    expectLimited(replies[3]);
    expect(code(await g.post(list, { authorization: `ApiKey ${second.key}` }))).toBeUndefined();
  });

  it('charges anonymous requests, and requests with refused credentials, to the IP address', async () => {
    const anonymous = await sequentially(2, () => g.post(TYPENAME));
    const forged = await g.post(TYPENAME, { authorization: 'Bearer not-a-token' });
    expect([...statuses(anonymous), forged.status]).toEqual([200, 200, 401]);
    expectLimited(await g.post(TYPENAME));
    expectLimited(await g.post(TYPENAME, { authorization: 'Bearer not-a-token' }));
  });
});

describe('shared through Redis', () => {
  // REDIS_PREFIX of this run's own, as a second deployment sharing the Redis would have.
  const keyPrefix = `flowgate-test:${randomBytes(6).toString('hex')}:`;
  const clients: Redis[] = [];
  const gateways: Gateway[] = [];

  async function replica(): Promise<Gateway> {
    const redis = await connectRedis(REDIS_URL, createLogger({ logLevel: 'silent' }));
    clients.push(redis);
    const gateway = await startGateway({ env: { ...BUDGET, REDIS_PREFIX: keyPrefix }, redis });
    gateways.push(gateway);
    return gateway;
  }

  afterAll(async () => {
    await Promise.all(gateways.map((gateway) => gateway.stop()));
    const keys = await clients[0].keys(`${keyPrefix}*`);
    if (keys.length > 0) await clients[0].del(keys);
    clients.forEach((client) => client.destroy());
  });

  it('lets two servers share one budget per person', async () => {
    const [a, b] = [await replica(), await replica()];
    const userId = randomUUID();
    const carol = await a.as(userId);
    const served = [await a.post(TYPENAME, carol), await a.post(TYPENAME, carol), await b.post(TYPENAME, carol)];
    expect(statuses(served)).toEqual([200, 200, 200]);
    expectLimited(await b.post(TYPENAME, carol));
    expectLimited(await a.post(TYPENAME, carol));
    expect(await clients[0].keys(`${keyPrefix}*`)).toEqual([`${keyPrefix}rate:user:${userId}`]);
    expect(await clients[0].pTTL(`${keyPrefix}rate:user:${userId}`)).toBeGreaterThan(0);
  });

  it('does not share without Redis: each server has its own buckets', async () => {
    const [a, b] = [await startGateway({ env: BUDGET }), await startGateway({ env: BUDGET })];
    gateways.push(a, b);
    const dave = await a.as(randomUUID());
    const replies = [...(await sequentially(3, () => a.post(TYPENAME, dave))), ...(await sequentially(3, () => b.post(TYPENAME, dave)))];
    expect(statuses(replies)).toEqual([200, 200, 200, 200, 200, 200]);
  });
});

describe('two gateway processes sharing Redis', () => {
  const SECRET = 'x'.repeat(40);
  const processes: GatewayProcess[] = [];
  let redis: Redis;
  const userId = randomUUID();

  beforeAll(async () => {
    redis = await connectRedis(REDIS_URL, createLogger({ logLevel: 'silent' }));
    const env = { ...BUDGET, EMBEDDED_DATA_DIR: 'memory://', JWT_SECRET: SECRET, REDIS_URL };
    processes.push(...(await Promise.all([startGatewayProcess(env), startGatewayProcess(env)])));
  }, 120_000);
  afterAll(async () => {
    await Promise.all(processes.map((gateway) => gateway.stop()));
    await redis.del(`flowgate:rate:user:${userId}`);
    redis.destroy();
  });

  it('spends one budget per person whichever replica answers', async () => {
    const token = await new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setSubject(userId).setExpirationTime('5m').sign(new TextEncoder().encode(SECRET));
    const send = async (gateway: GatewayProcess): Promise<Reply> =>
      readReply(await fetch(gateway.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify(TYPENAME),
      }));
    const [a, b] = processes;
    const replies = [await send(a), await send(b), await send(a), await send(b)];
    expect(statuses(replies)).toEqual([200, 200, 200, 429]);
    expectLimited(replies[3]);
    expectLimited(await send(a));
  });
});

describe('with Redis unreachable', () => {
  let g: Gateway;
  let redis: Redis;
  const redisLogs = new LogCapture();

  beforeAll(async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as { port: number }).port;
    await new Promise((resolve) => closed.close(resolve));
    redis = await connectRedis(`redis://127.0.0.1:${port}`, createLogger({ logLevel: 'info' }, redisLogs.stream));
    g = await startGateway({ env: BUDGET, redis });
  });
  afterAll(async () => {
    await g.stop();
    redis.destroy();
  });

  it('serves every request, limiting in process, with one warning', async () => {
    const erin = await g.as(randomUUID());
    const replies = await sequentially(4, () => g.post(TYPENAME, erin));
    expect(statuses(replies)).toEqual([200, 200, 200, 429]);
    expect((await g.post(TYPENAME, await g.as(randomUUID()))).status).toBe(200);
    const warnings = redisLogs.lines().filter((line) => line.level === 40 && /redis unavailable/.test(line.msg));
    expect(warnings).toHaveLength(1);
  });
});
