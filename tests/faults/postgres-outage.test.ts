import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { loadConfig } from '../../src/config.js';
import { openDatabase, type Database } from '../../src/db/database.js';
import { openDriver } from '../../src/db/driver.js';
import { migrate } from '../../src/db/migrator.js';
import { createLogger } from '../../src/runtime/logger.js';
import { startServer, type RunningServer } from '../../src/http/server.js';
import { createMember, createOrganization } from '../support/factories.js';
import { createScratchDatabase } from '../support/process.js';
import { TcpProxy } from '../support/tcp-proxy.js';
import { signToken } from '../../src/auth/bearer-token.js';

/**
 * PostgreSQL goes away and comes back (through a proxy, so the shared server keeps running): requests
 * fail fast with SERVICE_UNAVAILABLE (HTTP 503, Retry-After), /readyz says so, and the gateway
 * recovers by itself.
 */
let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;
let proxy: TcpProxy;
let db: Database;
let server: RunningServer;
let token: string;
let orgId: string;

beforeAll(async () => {
  scratch = await createScratchDatabase();
  const driver = await openDriver({ url: scratch.url, poolSize: 1, embeddedDataDir: 'memory://', statementTimeoutMs: 10_000, acquireTimeoutMs: 5_000, preparedStatements: true });
  await migrate(driver);
  await driver.close();
  proxy = new TcpProxy(Number(new URL(scratch.url).port || 5432));
  const viaProxy = new URL(scratch.url);
  viaProxy.port = String(await proxy.start());
  const config = loadConfig({ NODE_ENV: 'production', DATABASE_URL: viaProxy.toString(), JWT_SECRET: 'x'.repeat(40), CREDENTIALS_KEY: Buffer.alloc(32, 1).toString('base64'), LOG_LEVEL: 'silent' });
  db = await openDatabase(config.database);
  server = await startServer({ config, database: db, logger: createLogger(config) }, 0);
  const org = await createOrganization(db.base);
  orgId = org.id;
  token = await signToken(config.jwt, { userId: (await createMember(db.base, org.id, 'VIEWER')).user.id }, '1h');
});
afterAll(async () => {
  await server.stop();
  await db.close();
  await proxy.stop();
  await scratch.drop();
});

const ask = () =>
  fetch(server.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'x-organization-id': orgId },
    body: JSON.stringify({ query: '{ organization { id workflows(first: 1) { totalCount } } }' }),
  }).then(async (response) => ({ status: response.status, retryAfter: response.headers.get('retry-after'), body: (await response.json()) as Record<string, any> }));
const ready = () => fetch(server.url.replace('/graphql', '/readyz')).then(async (response) => ({ status: response.status, body: (await response.json()) as Record<string, any> }));

describe('a PostgreSQL outage', () => {
  it('fails requests quickly and cleanly while the database is away, and recovers when it returns', async () => {
    expect((await ask()).body.errors).toBeUndefined();
    expect((await ready()).status).toBe(200);

    await proxy.stop();
    const started = performance.now();
    const during = await ask();
    const elapsed = performance.now() - started;
    expect(during.body.errors?.[0].extensions).toMatchObject({ code: 'SERVICE_UNAVAILABLE', retryAfterSeconds: 1 });
    expect(during).toMatchObject({ status: 503, retryAfter: '1' });
    expect(JSON.stringify(during.body)).not.toMatch(/ECONNREFUSED|prisma|postgres|SELECT/i);
    // Refused connections must not queue until some far-off timeout (the pool gives up after 5 s at most).
    expect(elapsed).toBeLessThan(6_000);
    const readiness = await ready();
    expect(readiness.status).toBe(503);
    expect(readiness.body.database).not.toBe('ok');

    // Under load as well: every request is told to come back, none is a masked 500.
    const load = await Promise.all(Array.from({ length: 20 }, () => ask()));
    expect(new Set(load.map((response) => `${response.status} ${response.body.errors?.[0].extensions.code}`))).toEqual(new Set(['503 SERVICE_UNAVAILABLE']));

    await proxy.start();
    let recovered = await ask();
    for (let attempt = 0; attempt < 20 && recovered.body.errors; attempt += 1) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      recovered = await ask();
    }
    expect(recovered.body.errors).toBeUndefined();
    expect(recovered.body.data.organization.id).toBeDefined();
    expect((await ready()).status).toBe(200);
  });
});
