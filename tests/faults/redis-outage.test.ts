import { createHash, randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createLogger } from '../../src/runtime/logger.js';
import { connectRedis, type Redis } from '../../src/runtime/redis.js';
import { startServer, type RunningServer } from '../../src/http/server.js';
import { openTestDatabase, testConfig } from '../support/database.js';
import type { Database } from '../../src/db/database.js';
import { TcpProxy } from '../support/tcp-proxy.js';

/**
 * Redis goes away mid-flight (through a proxy): persisted queries and rate limits fall back to the
 * process, no request fails because of it, the outage is logged once, and Redis is used again when back.
 */
let proxy: TcpProxy;
let redis: Redis;
let db: Database;
let server: RunningServer;
const logLines: string[] = [];

beforeAll(async () => {
  proxy = new TcpProxy(6379);
  const port = await proxy.start();
  const config = testConfig({ REDIS_URL: `redis://127.0.0.1:${port}`, LOG_LEVEL: 'info' });
  const logger = createLogger(config, new Writable({ write: (chunk, _encoding, done) => (logLines.push(String(chunk)), done()) }));
  redis = await connectRedis(config.redisUrl!, logger);
  db = await openTestDatabase();
  server = await startServer({ config, database: db, logger, redis }, 0);
});
afterAll(async () => {
  await server.stop();
  redis.destroy();
  await db.close();
  await proxy.stop();
});

const post = (body: Record<string, unknown>) =>
  fetch(server.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }).then(
    async (response) => ({ status: response.status, body: (await response.json()) as Record<string, any> }),
  );
const persisted = (query: string) => ({ extensions: { persistedQuery: { version: 1, sha256Hash: createHash('sha256').update(query).digest('hex') } } });

describe('a Redis outage', () => {
  it('never fails a request, warns once, and uses Redis again when it returns', async () => {
    const before = `{ before_${randomBytes(4).toString('hex')}: __typename }`;
    expect((await post({ query: before, ...persisted(before) })).body.errors).toBeUndefined();

    await proxy.stop();
    for (let n = 0; n < 5; n += 1) {
      const during = `{ during_${n}_${randomBytes(4).toString('hex')}: __typename }`;
      const registered = await post({ query: during, ...persisted(during) });
      expect(registered).toMatchObject({ status: 200, body: { data: expect.any(Object) } });
      expect((await post(persisted(during))).body.errors).toBeUndefined();
    }
    expect((await post(persisted(before))).body.errors).toBeUndefined();
    expect(logLines.filter((line) => line.includes('redis unavailable'))).toHaveLength(1);

    await proxy.start();
    for (let attempt = 0; attempt < 40 && !redis.isReady; attempt += 1) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(redis.isReady).toBe(true);
    const after = `{ after_${randomBytes(4).toString('hex')}: __typename }`;
    await post({ query: after, ...persisted(after) });
    expect(await redis.get(`flowgate:apq:${createHash('sha256').update(after).digest('hex')}`)).toBe(after);
  });
});
