import { randomUUID } from 'node:crypto';
import { encodeGlobalID } from '@pothos/plugin-relay';
import type pg from 'pg';

/**
 * The floor's SQL: what a careful engineer would write by hand for each scenario, returning the same
 * rows and roughly the same JSON as the gateway. Independent statements run in parallel on the pool.
 * References between tenant tables go through (organizationId, ref), as the composite tenant keys and
 * their indexes do: a lookup by the reference column alone has no index to use.
 */

type Row = Record<string, any>;
const gid = (typename: string, id: string) => encodeGlobalID(typename, id);
const rows = async (pool: pg.Pool, text: string, params: unknown[]) => (await pool.query<Row>(text, params)).rows;

const WORKFLOW_PAGE = `
SELECT w.id, w.name, w.status, w."updatedAt", v.version, u.email, le.id AS "lastId", le.status AS "lastStatus",
       le."createdAt" AS "lastCreatedAt",
       (SELECT count(*)::int FROM workflow_executions c WHERE c."organizationId" = w."organizationId" AND c."workflowId" = w.id) AS "executionCount"
  FROM workflows w
  LEFT JOIN workflow_versions v ON v.id = w."currentVersionId"
  LEFT JOIN users u ON u.id = w."createdById"
  LEFT JOIN LATERAL (SELECT e.id, e.status, e."createdAt" FROM workflow_executions e WHERE e."organizationId" = w."organizationId" AND e."workflowId" = w.id
                      ORDER BY e."createdAt" DESC, e.id DESC LIMIT 1) le ON true
 WHERE w."organizationId" = $1 ORDER BY w."updatedAt" DESC, w.id DESC LIMIT $2`;

const EXECUTION_PAGE = `
SELECT e.id, e.status, w.name AS "workflowName", v.version, u.email, e."triggeredByApiKeyId"
  FROM workflow_executions e
  JOIN workflows w ON w.id = e."workflowId"
  JOIN workflow_versions v ON v.id = e."versionId"
  LEFT JOIN users u ON u.id = e."triggeredByUserId"
 WHERE e."organizationId" = $1 ORDER BY e."createdAt" DESC, e.id DESC LIMIT $2`;

const COUNTS = `SELECT (SELECT count(*)::int FROM workflows WHERE "organizationId" = $1) AS workflows,
                       (SELECT count(*)::int FROM workflow_executions WHERE "organizationId" = $1) AS executions`;

const triggeredBy = (row: Row) =>
  row.email ? { __typename: 'User', email: row.email } : row.triggeredByApiKeyId ? { __typename: 'ApiKey' } : null;

export async function dashboard(pool: pg.Pool, organizationId: string, first: number) {
  const [workflows, executions, [counts]] = await Promise.all([
    rows(pool, WORKFLOW_PAGE, [organizationId, first]),
    rows(pool, EXECUTION_PAGE, [organizationId, first]),
    rows(pool, COUNTS, [organizationId]),
  ]);
  const workflowNode = (w: Row) => ({
    id: gid('Workflow', w.id),
    name: w.name,
    currentVersion: w.version === null ? null : { version: w.version },
    lastExecution: w.lastId ? { id: gid('Execution', w.lastId), status: w.lastStatus } : null,
    executionCount: w.executionCount,
    createdBy: w.email ? { email: w.email } : null,
  });
  const executionNode = (e: Row) => ({
    id: gid('Execution', e.id),
    status: e.status,
    workflow: { name: e.workflowName },
    version: { version: e.version },
    triggeredBy: triggeredBy(e),
  });
  return {
    organization: {
      workflows: { totalCount: counts.workflows, edges: workflows.map((w) => ({ node: workflowNode(w) })) },
      executions: { totalCount: counts.executions, edges: executions.map((e) => ({ node: executionNode(e) })) },
    },
  };
}

/** The ListWorkflows document: one extra row tells whether there is a next page. */
export async function listWorkflows(pool: pg.Pool, organizationId: string, first: number) {
  const [page, [counts]] = await Promise.all([rows(pool, WORKFLOW_PAGE, [organizationId, first + 1]), rows(pool, COUNTS, [organizationId])]);
  const edges = page.slice(0, first).map((w) => ({
    cursor: w.id,
    node: {
      id: gid('Workflow', w.id),
      name: w.name,
      status: w.status,
      updatedAt: w.updatedAt,
      currentVersion: w.version === null ? null : { version: w.version },
      lastExecution: w.lastId ? { id: gid('Execution', w.lastId), status: w.lastStatus, createdAt: w.lastCreatedAt } : null,
    },
  }));
  const pageInfo = { hasNextPage: page.length > first, endCursor: edges.at(-1)?.cursor ?? null };
  return { organization: { workflows: { totalCount: counts.workflows, pageInfo, edges } } };
}

export async function node(pool: pg.Pool, organizationId: string, workflowId: string) {
  const [row] = await rows(pool, `SELECT id, name, status FROM workflows WHERE id = $1 AND "organizationId" = $2`, [workflowId, organizationId]);
  return { node: row ? { id: gid('Workflow', row.id), name: row.name, status: row.status } : null };
}

/** Queue an execution and its audit entry in one transaction, as runWorkflow does. */
export async function runWorkflow(pool: pg.Pool, scope: { organizationId: string; userId: string }, workflowId: string, input: unknown) {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const { rows: found } = await client.query<Row>(
      `SELECT "currentVersionId" FROM workflows WHERE id = $1 AND "organizationId" = $2 AND status = 'ACTIVE'`,
      [workflowId, scope.organizationId],
    );
    if (!found[0]?.currentVersionId) throw new Error('workflow not runnable');
    const { rows: [execution] } = await client.query<Row>(
      `INSERT INTO workflow_executions (id, "organizationId", "workflowId", "versionId", trigger, input, "triggeredByUserId")
       VALUES ($1, $2, $3, $4, 'MANUAL', $5, $6) RETURNING id, status, trigger, "createdAt"`,
      [randomUUID(), scope.organizationId, workflowId, found[0].currentVersionId, JSON.stringify(input), scope.userId],
    );
    await client.query(
      `INSERT INTO audit_log_entries (id, "organizationId", "actorUserId", action, "resourceType", "resourceId", metadata)
       VALUES ($1, $2, $3, 'workflow.run', 'Execution', $4, $5)`,
      [randomUUID(), scope.organizationId, scope.userId, execution.id, JSON.stringify({ workflowId, idempotencyKey: null })],
    );
    await client.query('COMMIT');
    return { runWorkflow: { execution: { ...execution, id: gid('Execution', execution.id) } } };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}
