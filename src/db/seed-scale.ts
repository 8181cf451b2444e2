import { randomUUID } from 'node:crypto';
import type { ExecutionStatus, Role, WorkflowStatus } from '../generated/prisma/enums.js';
import type { Driver, SqlSession } from './driver.js';
import { definitionOf, executionInputOf, executionOutputOf, type Payloads } from './seed-payloads.js';

/** Per generated organization: the shape of a busy, realistic tenant. */
export const SCALE_SHAPE = { members: 5, workflows: 20, versionsPerWorkflow: 3, executionsPerWorkflow: 50, integrations: 2 };

const ROLES: Role[] = ['OWNER', 'ADMIN', 'EDITOR', 'EDITOR', 'VIEWER'];
const WORKFLOW_STATUSES: WorkflowStatus[] = ['ACTIVE', 'ACTIVE', 'ACTIVE', 'DRAFT', 'ARCHIVED'];
const EXECUTION_STATUSES: ExecutionStatus[] = ['SUCCEEDED', 'SUCCEEDED', 'SUCCEEDED', 'SUCCEEDED', 'FAILED', 'CANCELLED', 'RUNNING', 'QUEUED'];
const HOUR = 3_600_000;

type Row = Record<string, unknown>;

/**
 * One multi-row INSERT per table: the rows travel as a single JSON parameter (no bind-parameter limit)
 * and PostgreSQL expands them. Prisma's createMany takes about fifteen times longer for the same rows.
 * Columns left out of the rows get their defaults (createdAt, updatedAt, status…).
 */
async function insertRows(sql: SqlSession, table: string, rows: Row[]): Promise<void> {
  const columns = Object.keys(rows[0]).map((column) => `"${column}"`).join(', ');
  await sql.query(
    `INSERT INTO "${table}" (${columns}) SELECT ${columns} FROM jsonb_populate_recordset(NULL::"${table}", $1::jsonb)`,
    [JSON.stringify(rows)],
  );
}

function executionsOf(
  workflow: Row & { id: string; organizationId: string; createdById: string },
  versionId: string,
  workflowIndex: number,
  payloads: Payloads,
): Row[] {
  return Array.from({ length: SCALE_SHAPE.executionsPerWorkflow }, (_, index) => {
    const status = EXECUTION_STATUSES[(index + workflowIndex) % EXECUTION_STATUSES.length];
    const createdAt = new Date(Date.now() - (index * 37 + workflowIndex) * 60_000);
    const startedAt = status === 'QUEUED' ? null : new Date(createdAt.getTime() + 1_000);
    const finished = status === 'SUCCEEDED' || status === 'FAILED' || status === 'CANCELLED';
    return {
      id: randomUUID(),
      organizationId: workflow.organizationId,
      workflowId: workflow.id,
      versionId,
      status,
      trigger: index % 3 === 0 ? 'API' : 'MANUAL',
      input: executionInputOf(payloads, index),
      output: status === 'SUCCEEDED' ? executionOutputOf(payloads, index) : null,
      error: status === 'FAILED' ? 'Upstream returned 502' : null,
      triggeredByUserId: workflow.createdById,
      createdAt,
      startedAt,
      finishedAt: finished ? new Date(createdAt.getTime() + 5_000 + index * 10) : null,
    };
  });
}

/** The rows of one generated organization, table by table, in an order that satisfies the foreign keys. */
function scaledOrganization(index: number, payloads: Payloads) {
  const slug = `scale-${index}`;
  const organization = { id: randomUUID(), slug, name: `Scale Org ${index}`, plan: 'TEAM' };
  const organizationId = organization.id;
  const users = Array.from({ length: SCALE_SHAPE.members }, (_, n) => ({ id: randomUUID(), email: `member${n}@${slug}.test`, name: `Member ${n}` }));
  const members = users.map((user, n) => ({ id: randomUUID(), organizationId, userId: user.id, role: ROLES[n % ROLES.length] }));
  const workflows = Array.from({ length: SCALE_SHAPE.workflows }, (_, n) => ({
    id: randomUUID(),
    organizationId,
    name: `Workflow ${n}`,
    description: `Generated workflow ${n} of ${slug}.`,
    status: WORKFLOW_STATUSES[n % WORKFLOW_STATUSES.length],
    createdById: users[n % users.length].id,
    createdAt: new Date(Date.now() - (30 - n) * 24 * HOUR),
  }));
  const versionsOf = (workflow: (typeof workflows)[number]) =>
    Array.from({ length: SCALE_SHAPE.versionsPerWorkflow }, (_, v) => ({
      id: randomUUID(),
      organizationId,
      workflowId: workflow.id,
      version: v + 1,
      definition: definitionOf(payloads, workflow.name, v + 1),
      createdById: workflow.createdById,
      createdAt: new Date(workflow.createdAt.getTime() + v * 24 * HOUR),
    }));
  const versions = workflows.map(versionsOf);
  const executions = workflows.flatMap((workflow, n) => executionsOf(workflow, versions[n].at(-1)!.id, n, payloads));
  const integrations = Array.from({ length: SCALE_SHAPE.integrations }, (_, n) => ({
    id: randomUUID(),
    organizationId,
    provider: n % 2 ? 'github' : 'slack',
    name: `Integration ${n}`,
    config: { n },
  }));
  return { organization, users, members, workflows, versions: versions.flat(), executions, integrations };
}

/** One generated organization in one transaction, so an interrupted run never leaves half of one. */
async function seedScaledOrganization(driver: Driver, index: number, payloads: Payloads): Promise<boolean> {
  const rows = scaledOrganization(index, payloads);
  return driver.transaction(async (sql) => {
    if ((await sql.query(`SELECT 1 FROM "organizations" WHERE "slug" = $1`, [rows.organization.slug])).length > 0) return false;
    await insertRows(sql, 'organizations', [rows.organization]);
    await insertRows(sql, 'users', rows.users);
    await insertRows(sql, 'organization_members', rows.members);
    await insertRows(sql, 'workflows', rows.workflows);
    await insertRows(sql, 'workflow_versions', rows.versions);
    // Workflows and versions point at each other: the current version is set once both exist.
    await sql.query(
      `UPDATE "workflows" w SET "currentVersionId" = v."id" FROM "workflow_versions" v
        WHERE v."workflowId" = w."id" AND w."organizationId" = $1::uuid AND v."version" = $2`,
      [rows.organization.id, SCALE_SHAPE.versionsPerWorkflow],
    );
    await insertRows(sql, 'workflow_executions', rows.executions);
    await insertRows(sql, 'integrations', rows.integrations);
    return true;
  });
}

/**
 * `npm run seed -- --scale N`: organizations scale-1 … scale-N (those that exist are kept), with the
 * demo's small JSON unless asked for realistic payloads (the benchmark does). Runs on the raw
 * login-role connection, like the rest of seeding: it has no tenant.
 */
export async function seedScale(driver: Driver, organizations: number, payloads: Payloads = 'small'): Promise<number> {
  let created = 0;
  for (let index = 1; index <= organizations; index += 1) {
    if (await seedScaledOrganization(driver, index, payloads)) created += 1;
  }
  return created;
}
