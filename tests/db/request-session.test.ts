import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createMember, createOrganization, createWorkflow, globalId } from '../support/factories.js';
import { APPLICATION_NAME } from '../../src/db/postgres-pool.js';
import { startTestServer, type TestServer } from '../support/server.js';

/**
 * Every request's tenant session ends, whatever happens to the request: answered, refused, failed,
 * or abandoned by its client mid-way. After 1,000 of them the pool is idle again and PostgreSQL
 * shows no connection of ours left inside a transaction.
 */
let t: TestServer;
let owner: string;
let orgId: string;
let workflowId: string;

beforeAll(async () => {
  // 1,001 requests of one person: above the default budget once they are fast, and a refused request never opens a session.
  t = await startTestServer({ env: { RATE_LIMIT_PER_MINUTE: '100000' } });
  const org = await createOrganization(t.db.base);
  orgId = org.id;
  owner = (await createMember(t.db.base, org.id, 'OWNER')).user.id;
  workflowId = globalId('Workflow', (await createWorkflow(t.db.base, org.id, { createdById: owner })).id);
});
afterAll(() => t.stop());

const DASHBOARD = '{ organization { workflows(first: 20) { totalCount edges { node { id lastExecution { id } executionCount } } } } }';
const NODE = 'query ($id: ID!) { node(id: $id) { id ... on Workflow { name } } }';
const RUN = 'mutation ($input: RunWorkflowInput!) { runWorkflow(input: $input) { execution { id } } }';

/** The i-th request of the mix: reads, a write, a refused write, a foreign id, a client that leaves. */
async function request(i: number, token: string): Promise<void> {
  const kinds = [
    { query: DASHBOARD },
    { query: NODE, variables: { id: workflowId } },
    { query: RUN, variables: { input: { workflowId } } },
    { query: RUN, variables: { input: { workflowId: globalId('Workflow', '00000000-0000-4000-8000-000000000000') } } },
    { query: DASHBOARD, abort: true },
    { query: NODE, variables: { id: 'not-an-id' }, abort: true },
  ];
  const kind = kinds[i % kinds.length];
  const controller = new AbortController();
  const sent = fetch(t.server.url, {
    method: 'POST',
    signal: controller.signal,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'x-organization-id': orgId },
    body: JSON.stringify({ query: kind.query, variables: kind.variables }),
  }).then((response) => response.text());
  if (kind.abort) setImmediate(() => controller.abort());
  await sent.catch((error: Error) => expect(error.name).toBe('AbortError'));
}

async function until(condition: () => Promise<boolean>): Promise<boolean> {
  for (let attempt = 0; attempt < 100; attempt += 1) {
    if (await condition()) return true;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return condition();
}

describe('request sessions', () => {
  it('leave no connection behind after 1,000 mixed requests, aborted ones included', async () => {
    const token = await t.token(owner);
    for (let batch = 0; batch < 50; batch += 1) {
      await Promise.all(Array.from({ length: 20 }, (_, index) => request(batch * 20 + index, token)));
    }
    const stats = () => t.db.driver.poolStats();
    // Abandoned requests finish their statements on the server after their clients left.
    expect(await until(async () => stats().waiting === 0 && stats().idle === stats().total)).toBe(true);
    expect(stats().total).toBeLessThanOrEqual(t.config.database.poolSize);
    if (t.db.driver.kind === 'postgres') {
      await t.db.driver.committed(); // the last read-only sessions' COMMITs go out within milliseconds
      const [{ inTransaction }] = await t.db.driver.query<{ inTransaction: number }>(
        `SELECT count(*)::int AS "inTransaction" FROM pg_stat_activity WHERE datname = current_database() AND application_name = $1 AND state LIKE 'idle in transaction%'`,
        [APPLICATION_NAME], // this process's connections only: other test files share the database
      );
      expect(inTransaction).toBe(0);
    }
    const after = await t.gql(DASHBOARD, { as: owner, org: orgId });
    expect(after.body.data?.organization.workflows.totalCount).toBe(1);
  }, 300_000);
});
