import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createLogger } from '../../src/runtime/logger.js';
import { connectRedis, type Redis } from '../../src/runtime/redis.js';
import { startGateway, type Gateway } from '../security/gateway.js';
import { startGatewayProcess, type GatewayProcess } from '../support/process.js';
import { errorCodes, startTestServer, type TestServer } from '../support/server.js';

/** Automatic persisted queries (Apollo's APQ protocol). */

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
/** A query no other run has registered, so a shared Redis never answers from an earlier run. */
const freshQuery = () => `{ run_${randomBytes(6).toString('hex')}: __typename }`;
const apq = (hash: string) => ({ persistedQuery: { version: 1, sha256Hash: hash } });

async function post(url: string, body: Record<string, unknown>) {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: response.status, body: (await response.json()) as { data?: Record<string, unknown>; errors?: Array<{ extensions?: { code?: string } }> } };
}

describe('APQ on one gateway', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(() => t.stop());

  it('answers an unknown hash with PERSISTED_QUERY_NOT_FOUND, then serves it by hash once registered', async () => {
    const query = freshQuery();
    const hash = sha256(query);
    const unknown = await post(t.server.url, { extensions: apq(hash) });
    expect(errorCodes(unknown as never)).toEqual(['PERSISTED_QUERY_NOT_FOUND']);
    const registered = await post(t.server.url, { query, extensions: apq(hash) });
    expect(registered.body.errors).toBeUndefined();
    const byHash = await post(t.server.url, { extensions: apq(hash) });
    expect(byHash.body.data).toEqual(registered.body.data);

    const params = new URLSearchParams({ extensions: JSON.stringify(apq(hash)) });
    const get = await fetch(`${t.server.url}?${params}`, { headers: { 'apollo-require-preflight': 'true' } });
    expect(await get.json()).toEqual({ data: registered.body.data });
  });

  it('refuses a hash that does not match its query', async () => {
    const res = await post(t.server.url, { query: freshQuery(), extensions: apq(sha256('something else')) });
    expect(res.status).toBe(400);
    expect(errorCodes(res as never)).toEqual(['BAD_USER_INPUT']);
  });
});

describe('APQ entries in Redis', () => {
  // A prefix of this run's own, as a second deployment sharing the Redis would have.
  const prefix = `test-${randomBytes(4).toString('hex')}:`;
  let redis: Redis;
  let g: Gateway;
  beforeAll(async () => {
    redis = await connectRedis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', createLogger({ logLevel: 'silent' }));
    g = await startGateway({ env: { REDIS_PREFIX: prefix, APQ_TTL_SECONDS: '120' }, redis });
  });
  afterAll(async () => {
    await g.stop();
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length > 0) await redis.del(keys);
    redis.destroy();
  });

  it('are stored under REDIS_PREFIX and expire after APQ_TTL_SECONDS', async () => {
    const query = freshQuery();
    const hash = sha256(query);
    expect((await post(g.server.url, { query, extensions: apq(hash) })).body.errors).toBeUndefined();
    expect(await redis.get(`${prefix}apq:${hash}`)).toBe(query);
    const ttl = await redis.ttl(`${prefix}apq:${hash}`);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(120);
    expect(await redis.exists(`flowgate:apq:${hash}`)).toBe(0);
  });

  it('answers the registering request only once its entry is in Redis, so any replica can serve the hash next', async () => {
    // Redis itself, with each SET held until the test lets it through.
    let releaseWrite!: () => void;
    const writeReleased = new Promise<void>((resolve) => (releaseWrite = resolve));
    let writeStarted!: () => void;
    const writing = new Promise<void>((resolve) => (writeStarted = resolve));
    const heldWrites = new Proxy(redis, {
      get(target, property) {
        const value = Reflect.get(target, property, target) as unknown;
        if (property !== 'set' || typeof value !== 'function') return typeof value === 'function' ? value.bind(target) : value;
        return async (...args: unknown[]) => {
          writeStarted();
          await writeReleased;
          return value.apply(target, args);
        };
      },
    });
    const held = await startGateway({ env: { REDIS_PREFIX: prefix }, redis: heldWrites });
    try {
      const query = freshQuery();
      const hash = sha256(query);
      let answered = false;
      const registering = post(held.server.url, { query, extensions: apq(hash) }).then((reply) => ((answered = true), reply));
      await writing;
      // A whole other request goes through the same gateway while the write is held: the
      // registering response, had it not waited, would have reached the client before this one.
      expect((await post(held.server.url, { query: '{ __typename }' })).body.data).toEqual({ __typename: 'Query' });
      expect(answered).toBe(false);
      releaseWrite();
      expect((await registering).body.errors).toBeUndefined();
      expect(await redis.get(`${prefix}apq:${hash}`)).toBe(query);
    } finally {
      releaseWrite();
      await held.stop();
    }
  });
});

describe('APQ across two gateway processes', () => {
  const started: GatewayProcess[] = [];
  // Each process has its own in-memory embedded database: only Redis is shared.
  const start = (redis: boolean) =>
    startGatewayProcess({
      EMBEDDED_DATA_DIR: 'memory://',
      JWT_SECRET: 'x'.repeat(40),
      ...(redis ? { REDIS_URL: 'redis://127.0.0.1:6379' } : {}),
    }).then((gateway) => (started.push(gateway), gateway));
  afterAll(() => Promise.all(started.map((gateway) => gateway.stop())));

  it('serves a query registered through one process from another sharing Redis', async () => {
    const [a, b] = await Promise.all([start(true), start(true)]);
    const query = freshQuery();
    const hash = sha256(query);
    expect((await post(a.url, { query, extensions: apq(hash) })).body.errors).toBeUndefined();
    const fromB = await post(b.url, { extensions: apq(hash) });
    expect(fromB.body.errors).toBeUndefined();
    expect(Object.values(fromB.body.data ?? {})).toEqual(['Query']);
  });

  it('does not share without Redis (each process keeps its own cache)', async () => {
    const [a, b] = await Promise.all([start(false), start(false)]);
    const query = freshQuery();
    const hash = sha256(query);
    await post(a.url, { query, extensions: apq(hash) });
    expect(errorCodes((await post(b.url, { extensions: apq(hash) })) as never)).toEqual(['PERSISTED_QUERY_NOT_FOUND']);
  });
});
