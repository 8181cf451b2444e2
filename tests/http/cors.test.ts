import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Database } from '../../src/db/database.js';
import { PRODUCTION_ENV, startGateway, type Gateway } from '../security/gateway.js';
import { openTestDatabase } from '../support/database.js';

/**
 * CORS over plain HTTP: what a browser would be told before and after a cross-origin call
 * (tests/http/cors-browser.test.ts shows Chromium acting on it).
 */

const CLIENT_HEADERS = ['content-type', 'authorization', 'x-organization-id', 'x-api-key', 'apollo-require-preflight', 'x-request-id'];

const preflight = (url: string, origin: string) =>
  fetch(url, {
    method: 'OPTIONS',
    headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': CLIENT_HEADERS.join(',') },
  });

const post = (url: string, origin: string) =>
  fetch(url, { method: 'POST', headers: { origin, 'content-type': 'application/json' }, body: '{"query":"{ __typename }"}' });

const list = (value: string | null) => (value ?? '').split(',').map((entry) => entry.trim().toLowerCase());

// One database under every server: only their configuration differs.
let database: Database;
const gateways: Gateway[] = [];
const start = async (env: Record<string, string> = {}) => {
  const gateway = await startGateway({ env, database });
  gateways.push(gateway);
  return gateway.server.url;
};
beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(async () => {
  await Promise.all(gateways.map((gateway) => gateway.server.stop()));
  await database.close();
});

describe('CORS in development (the default list: any port on localhost and 127.0.0.1)', () => {
  let url: string;
  beforeAll(async () => {
    url = await start();
  });

  it.each(['http://localhost:5173', 'http://127.0.0.1:3000'])('answers a preflight from %s with the methods and headers clients send', async (origin) => {
    const response = await preflight(url, origin);
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe(origin);
    expect(list(response.headers.get('access-control-allow-methods'))).toEqual(expect.arrayContaining(['get', 'post']));
    expect(list(response.headers.get('access-control-allow-headers'))).toEqual(expect.arrayContaining(CLIENT_HEADERS));
    expect(list(response.headers.get('vary'))).toContain('origin');
    expect(response.headers.get('access-control-allow-credentials')).toBeNull();
  });

  it('lets the page read x-request-id and Retry-After from the response', async () => {
    const response = await post(url, 'http://localhost:5173');
    expect(await response.json()).toEqual({ data: { __typename: 'Query' } });
    expect(response.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
    expect(list(response.headers.get('access-control-expose-headers'))).toEqual(['x-request-id', 'retry-after']);
  });

  it.each(['https://localhost:5173', 'http://localhost.evil.test', 'http://example.test', 'null'])('gives %s no CORS headers at all', async (origin) => {
    for (const response of [await preflight(url, origin), await post(url, origin)]) {
      expect(response.headers.get('access-control-allow-origin')).toBeNull();
      expect(response.headers.get('access-control-allow-headers')).toBeNull();
    }
  });
});

describe('CORS on refusals', () => {
  it('lets the page read a 429 and its Retry-After, and a refused credential', async () => {
    const url = await start({ RATE_LIMIT_PER_MINUTE: '1' });
    const origin = 'http://localhost:5173';
    const call = (headers: Record<string, string>) =>
      fetch(url, { method: 'POST', headers: { origin, 'content-type': 'application/json', ...headers }, body: '{"query":"{ __typename }"}' });
    const unknownKey = await call({ 'x-api-key': 'fgk_nope_nope' });
    expect(unknownKey.status).toBeGreaterThanOrEqual(400);
    expect(unknownKey.headers.get('access-control-allow-origin')).toBe(origin);
    // The refused key spent this IP address's one request: the next is over the budget.
    const limited = await call({});
    expect(limited.status).toBe(429);
    expect(limited.headers.get('access-control-allow-origin')).toBe(origin);
    expect(limited.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(list(limited.headers.get('access-control-expose-headers'))).toContain('retry-after');
  });
});

describe('CORS_ORIGINS', () => {
  it('allows exactly the listed origins, replacing the development default', async () => {
    const url = await start({ CORS_ORIGINS: 'https://app.example.test, http://localhost:4155' });
    expect((await preflight(url, 'https://app.example.test')).headers.get('access-control-allow-origin')).toBe('https://app.example.test');
    expect((await preflight(url, 'http://localhost:4155')).headers.get('access-control-allow-origin')).toBe('http://localhost:4155');
    expect((await preflight(url, 'http://localhost:4156')).headers.get('access-control-allow-origin')).toBeNull();
    expect((await preflight(url, 'https://app.example.test.evil.test')).headers.get('access-control-allow-origin')).toBeNull();
  });

  it('with *, answers every origin with a wildcard and never with credentials', async () => {
    const url = await start({ CORS_ORIGINS: '*' });
    const response = await preflight(url, 'https://anywhere.example.test');
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    expect(response.headers.get('access-control-allow-credentials')).toBeNull();
  });

  it('allows no browser origin in production unless listed', async () => {
    const url = await start(PRODUCTION_ENV);
    expect((await preflight(url, 'http://localhost:5173')).headers.get('access-control-allow-origin')).toBeNull();
    expect((await post(url, 'http://localhost:5173')).headers.get('access-control-allow-origin')).toBeNull();
  });
});
