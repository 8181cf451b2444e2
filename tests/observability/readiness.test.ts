import { createServer } from 'node:net';
import { afterAll, describe, expect, it } from '@jest/globals';
import { createLogger } from '../../src/runtime/logger.js';
import { connectRedis, type Redis } from '../../src/runtime/redis.js';
import { startGateway, type Gateway } from '../security/gateway.js';

/** /healthz says the process answers; /readyz says its dependencies do, and names the one that does not. */

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const silent = createLogger({ logLevel: 'silent' });
const gateways: Gateway[] = [];
const clients: Redis[] = [];

async function gateway(redis?: Redis): Promise<Gateway> {
  const started = await startGateway({ redis });
  gateways.push(started);
  return started;
}

async function redisAt(url: string): Promise<Redis> {
  const client = await connectRedis(url, silent);
  clients.push(client);
  return client;
}

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const get = async (g: Gateway, path: string) => {
  const response = await fetch(`${g.origin}${path}`);
  return { status: response.status, body: (await response.json()) as Record<string, string> };
};

afterAll(async () => {
  await Promise.all(gateways.map((g) => g.stop()));
  clients.forEach((client) => client.destroy());
});

describe('/readyz', () => {
  it('is ready when the database answers, and says nothing of a Redis it does not use', async () => {
    const g = await gateway();
    expect(await get(g, '/readyz')).toEqual({ status: 200, body: { status: 'ok', database: 'ok' } });
  });

  it('reports Redis when configured', async () => {
    const g = await gateway(await redisAt(REDIS_URL));
    expect(await get(g, '/readyz')).toEqual({ status: 200, body: { status: 'ok', database: 'ok', redis: 'ok' } });
  });

  it('is 503 naming Redis when Redis does not answer, while /healthz stays 200', async () => {
    const g = await gateway(await redisAt(`redis://127.0.0.1:${await closedPort()}`));
    expect(await get(g, '/readyz')).toEqual({ status: 503, body: { status: 'unavailable', database: 'ok', redis: 'unreachable' } });
    expect(await get(g, '/healthz')).toEqual({ status: 200, body: { status: 'ok' } });
  });

  it('is 503 naming the database when it does not answer', async () => {
    const g = await gateway();
    await g.db.close();
    expect(await get(g, '/readyz')).toEqual({ status: 503, body: { status: 'unavailable', database: 'unreachable' } });
  });
});
