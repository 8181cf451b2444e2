import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { signToken } from '../../src/auth/bearer-token.js';
import { loadConfig } from '../../src/config.js';
import { openDatabase } from '../../src/db/database.js';
import { createMember } from '../support/factories.js';
import { startGatewayProcess, type GatewayProcess } from '../support/process.js';
import { createTenant, RUN, type Tenant } from '../subscriptions/fixture.js';
import { createMigratedDatabase, startTopology, withDatabase, type Topology } from '../support/topology.js';

/**
 * The production gateway behind Debian's PgBouncer 1.18 in transaction mode, configured as most
 * installs are (only extra_float_digits ignored among startup parameters): it starts, reads and
 * writes. And a database it cannot reach is reported as that, not as pending migrations.
 */
let topology: Topology;
let env: Record<string, string>;
let tenant: Tenant;
let adminId: string;
const gateways: GatewayProcess[] = [];

beforeAll(async () => {
  topology = await startTopology(0);
  const direct = { DATABASE_URL: await createMigratedDatabase(topology) };
  env = {
    NODE_ENV: 'production',
    JWT_SECRET: 'x'.repeat(40),
    CREDENTIALS_KEY: Buffer.alloc(32, 3).toString('base64'),
    DATABASE_URL: withDatabase(topology.pgbouncerUrl, 'flowgate'),
    DATABASE_PREPARED_STATEMENTS: 'false',
  };
  const db = await openDatabase(loadConfig(direct as Record<string, string>).database);
  tenant = await createTenant(db.base);
  adminId = (await createMember(db.base, tenant.organization.id, 'ADMIN')).user.id;
  await db.close();
}, 300_000);
afterAll(async () => {
  await Promise.all(gateways.map((gateway) => gateway.stop()));
  await topology?.down();
});

async function post(gateway: GatewayProcess, query: string, variables: Record<string, unknown> = {}, userId = tenant.editor.id) {
  const token = await signToken(loadConfig(env).jwt, { userId }, '1h');
  const response = await fetch(gateway.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'x-organization-id': tenant.organization.slug },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as { data?: Record<string, any>; errors?: unknown[] };
}

describe('behind PgBouncer in transaction mode', () => {
  it('starts, reads and commits a mutation with its audit entry', async () => {
    const gateway = await startGatewayProcess(env, 240_000);
    gateways.push(gateway);
    const ran = await post(gateway, RUN, { workflowId: tenant.workflowId });
    expect(ran.errors).toBeUndefined();
    const read = await post(gateway, '{ organization { executions(first: 5) { totalCount } auditLog(first: 5) { edges { node { action } } } } }', {}, adminId);
    expect(read.errors).toBeUndefined();
    expect(read.data?.organization.executions.totalCount).toBe(1);
    expect(read.data?.organization.auditLog.edges.map((edge: { node: { action: string } }) => edge.node.action)).toContain('workflow.run');
  });

  it('says it cannot connect when the database is unreachable, not that migrations are pending', async () => {
    const closed = new URL(env.DATABASE_URL!);
    closed.port = '1'; // nothing listens on port 1 here
    const stopped = await startGatewayProcess({ ...env, DATABASE_URL: closed.toString() }).then(
      () => 'started',
      (error: Error) => error.message,
    );
    expect(stopped).toMatch(/Could not connect to the database at 127\.0\.0\.1:1\/flowgate/);
    expect(stopped).not.toMatch(/pending migration/);
  });
});
