import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { eventually, startGateway, type Gateway } from '../security/gateway.js';

/** GET /metrics: Prometheus text, one registry per server. */

let g: Gateway;
let other: Gateway;

beforeAll(async () => {
  [g, other] = [await startGateway({ env: { RATE_LIMIT_PER_MINUTE: '2' } }), await startGateway()];
});
afterAll(() => Promise.all([g.stop(), other.stop()]));

async function metrics(gateway: Gateway): Promise<string> {
  const response = await fetch(`${gateway.origin}/metrics`);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  return response.text();
}

/** The value of one series, or undefined when the registry does not have it. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((candidate) => candidate.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

const expectSeries = (gateway: Gateway, series: string, value: number) =>
  eventually(async () => expect(sample(await metrics(gateway), series)).toBe(value));

describe('/metrics', () => {
  it('counts requests and their latency by operation name and outcome', async () => {
    // Each as someone new: this server allows 2 requests a minute per caller.
    await g.post({ query: 'query Hello { __typename }' }, await g.as(randomUUID()));
    await g.post({ query: 'query Hello { __typename }' }, await g.as(randomUUID()));
    await g.post({ query: 'query Broken { nope }' }, await g.as(randomUUID()));
    await expectSeries(g, 'flowgate_graphql_requests_total{operation="Hello",outcome="ok"}', 2);
    await expectSeries(g, 'flowgate_graphql_request_duration_seconds_count{operation="Hello",outcome="ok"}', 2);
    await expectSeries(g, 'flowgate_graphql_request_duration_seconds_bucket{le="+Inf",operation="Hello",outcome="ok"}', 2);
    await expectSeries(g, 'flowgate_graphql_requests_total{operation="(unresolved)",outcome="BAD_USER_INPUT"}', 1);
  });

  it('counts abuse-limit rejections by limit, whichever stage refused them', async () => {
    await g.post({ query: `{ ${'__typename '.repeat(11)}}` }, await g.as(randomUUID()));
    const pages = `query Pages { organization { workflows(first: 100) { edges { node { executions(first: 100) { edges { node { id } } } } } } } }`;
    await g.post({ query: pages }, await g.as(randomUUID()));
    await fetch(g.server.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: 'x'.repeat(100_001) }) });
    await expectSeries(g, 'flowgate_query_limit_rejections_total{limit="fieldRepeats"}', 1);
    await expectSeries(g, 'flowgate_query_limit_rejections_total{limit="cost"}', 1);
    await expectSeries(g, 'flowgate_query_limit_rejections_total{limit="bodyBytes"}', 1);
    await expectSeries(g, 'flowgate_graphql_requests_total{operation="Pages",outcome="QUERY_TOO_COMPLEX"}', 1);
  });

  it('counts rate-limit rejections by kind of caller', async () => {
    const headers = await g.as(randomUUID());
    for (let n = 0; n < 3; n += 1) await g.post({ query: '{ __typename }' }, headers);
    await expectSeries(g, 'flowgate_rate_limited_total{actor="user"}', 1);
  });

  it('reports the database pool and the process', async () => {
    const text = await metrics(g);
    expect(sample(text, 'flowgate_db_pool_connections{state="total"}')).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'flowgate_db_pool_connections{state="waiting"}')).toBe(0);
    expect(text).toMatch(/^process_resident_memory_bytes \d+/m);
  });

  it('keeps each server’s series to itself', async () => {
    const text = await metrics(other);
    expect(text).toMatch(/^# TYPE flowgate_graphql_requests_total counter$/m);
    expect(text).not.toMatch(/operation="Hello"/);
  });
});

describe('/metrics kept from the public', () => {
  const TOKEN = 'metrics-token-for-this-test-0123';
  // On `other`'s database: only the configuration differs. `server.stop()` leaves the database open.
  const started: Gateway[] = [];
  const start = async (env: Record<string, string>) => {
    const gateway = await startGateway({ env, database: other.db });
    started.push(gateway);
    return gateway;
  };
  afterAll(() => Promise.all(started.map((gateway) => gateway.server.stop())));

  it('with METRICS_TOKEN, answers only Authorization: Bearer <token>', async () => {
    const gateway = await start({ METRICS_TOKEN: TOKEN });
    const read = (headers: Record<string, string>) => fetch(`${gateway.origin}/metrics`, { headers });
    for (const headers of [{} as Record<string, string>, { authorization: 'Bearer wrong' }, { authorization: `Bearer ${TOKEN}x` }, { authorization: `Basic ${TOKEN}` }]) {
      const refused = await read(headers);
      expect(refused.status).toBe(401);
      expect(refused.headers.get('www-authenticate')).toMatch(/^Bearer/);
      expect(await refused.text()).not.toMatch(/flowgate_/);
    }
    const allowed = await read({ authorization: `Bearer ${TOKEN}` });
    expect(allowed.status).toBe(200);
    expect(await allowed.text()).toMatch(/^# TYPE flowgate_graphql_requests_total counter$/m);
  });

  it('with METRICS_PORT, serves it there only (and still asks for the token when both are set)', async () => {
    const gateway = await start({ METRICS_PORT: '0', METRICS_TOKEN: TOKEN });
    expect(gateway.server.metricsPort).toEqual(expect.any(Number));
    expect(gateway.server.metricsPort).not.toBe(gateway.server.port);
    expect((await fetch(`${gateway.origin}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } })).status).toBe(404);
    const metricsUrl = `http://127.0.0.1:${gateway.server.metricsPort}/metrics`;
    expect((await fetch(metricsUrl)).status).toBe(401);
    const allowed = await fetch(metricsUrl, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(await allowed.text()).toMatch(/^# TYPE flowgate_graphql_requests_total counter$/m);
    expect((await fetch(`http://127.0.0.1:${gateway.server.metricsPort}/graphql`)).status).toBe(404);
  });
});
