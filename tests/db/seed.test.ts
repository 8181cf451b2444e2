import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { apiKeyMatches, parseApiKeyPrefix } from '../../src/auth/api-key-format.js';
import type { Database } from '../../src/db/database.js';
import { SCALE_SHAPE, seedScale } from '../../src/db/seed-scale.js';
import { seedDemo } from '../../src/db/seed.js';
import { forTenant } from '../../src/db/tenant.js';
import { openTestDatabase, testConfig } from '../support/database.js';

let db: Database;
beforeAll(async () => {
  db = await openTestDatabase();
});
afterAll(() => db.close());

const countDemoRows = async () => {
  const orgs = await db.base.organization.findMany({ where: { slug: { in: ['acme', 'globex'] } }, select: { id: true } });
  const organizationId = { in: orgs.map((org) => org.id) };
  return {
    organizations: orgs.length,
    members: await db.base.organizationMember.count({ where: { organizationId } }),
    workflows: await db.base.workflow.count({ where: { organizationId } }),
    versions: await db.base.workflowVersion.count({ where: { organizationId } }),
    executions: await db.base.workflowExecution.count({ where: { organizationId } }),
    integrations: await db.base.integration.count({ where: { organizationId } }),
    apiKeys: await db.base.apiKey.count({ where: { organizationId } }),
  };
};

describe('the demo seed', () => {
  it('creates SPEC §9’s world and changes nothing when run again', async () => {
    const config = testConfig();
    const first = await seedDemo(db, config);
    const counts = await countDemoRows();
    const second = await seedDemo(db, config);
    expect(await countDemoRows()).toEqual(counts);
    expect(second).toEqual(first);
    expect(counts).toMatchObject({ organizations: 2, members: 7, integrations: 4, apiKeys: 2 });
    for (const slug of ['acme', 'globex']) {
      const statuses = await db.base.workflow.findMany({ where: { organization: { slug } }, select: { status: true, _count: { select: { versions: true } } } });
      expect(new Set(statuses.map((w) => w.status))).toEqual(new Set(['ACTIVE', 'DRAFT', 'ARCHIVED']));
      expect(statuses.every((w) => w._count.versions >= 2)).toBe(true);
      const executionStatuses = await db.base.workflowExecution.findMany({ where: { organization: { slug } }, distinct: ['status'], select: { status: true } });
      expect(executionStatuses.map((e) => e.status).sort()).toEqual(['CANCELLED', 'FAILED', 'QUEUED', 'RUNNING', 'SUCCEEDED']);
    }
    expect(first.users.find((user) => user.email === 'both@example.test')?.memberships).toEqual([
      { organizationSlug: 'acme', role: 'EDITOR' },
      { organizationSlug: 'globex', role: 'VIEWER' },
    ]);
  });

  it('returns demo API keys that match their stored rows, the same on every run', async () => {
    const { apiKeys } = await seedDemo(db, testConfig());
    expect(apiKeys.map((key) => key.organizationSlug)).toEqual(['acme', 'globex']);
    for (const { organizationSlug, key } of apiKeys) {
      const row = await db.base.apiKey.findUniqueOrThrow({ where: { prefix: parseApiKeyPrefix(key) ?? '' }, include: { organization: true } });
      expect({ slug: row.organization.slug, matches: apiKeyMatches(key, row.hash), scopes: row.scopes.length }).toEqual({ slug: organizationSlug, matches: true, scopes: 8 });
    }
  });

  it('is refused in production', async () => {
    const production = testConfig({ NODE_ENV: 'production', CREDENTIALS_KEY: Buffer.alloc(32, 1).toString('base64') });
    await expect(seedDemo(db, production)).rejects.toThrow(/refused when NODE_ENV=production/);
  });
});

describe('the scale seed', () => {
  it('generates whole, consistent organizations, and none again on a second run', async () => {
    expect(await seedScale(db.driver, 2)).toBe(2);
    const executionCount = () => db.base.workflowExecution.count({ where: { organization: { slug: { in: ['scale-1', 'scale-2'] } } } });
    const executions = await executionCount();
    expect(await seedScale(db.driver, 2)).toBe(0);
    expect(await executionCount()).toBe(executions);

    const org = await db.base.organization.findUniqueOrThrow({ where: { slug: 'scale-2' } });
    const tenant = forTenant(db.base, { organizationId: org.id, userId: null }).prisma;
    const workflows = await tenant.workflow.findMany({ include: { currentVersion: true, _count: { select: { versions: true, executions: true } } } });
    expect(workflows).toHaveLength(SCALE_SHAPE.workflows);
    for (const workflow of workflows) {
      expect(workflow.currentVersion).toMatchObject({ workflowId: workflow.id, version: SCALE_SHAPE.versionsPerWorkflow });
      expect(workflow._count).toEqual({ versions: SCALE_SHAPE.versionsPerWorkflow, executions: SCALE_SHAPE.executionsPerWorkflow });
    }
    expect(new Set(workflows.map((workflow) => workflow.status))).toEqual(new Set(['ACTIVE', 'DRAFT', 'ARCHIVED']));
    expect(await tenant.organizationMember.count()).toBe(SCALE_SHAPE.members);
    expect(await tenant.integration.count()).toBe(SCALE_SHAPE.integrations);

    const runs = await tenant.workflowExecution.findMany({ include: { version: { select: { workflowId: true } } } });
    expect(new Set(runs.map((run) => run.status))).toEqual(new Set(['QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED']));
    for (const run of runs) {
      expect(run.version.workflowId).toBe(run.workflowId);
      expect(run.startedAt === null).toBe(run.status === 'QUEUED');
      expect(run.finishedAt === null).toBe(run.status === 'QUEUED' || run.status === 'RUNNING');
      if (run.startedAt) expect(run.startedAt.getTime()).toBeGreaterThan(run.createdAt.getTime());
      if (run.finishedAt) expect(run.finishedAt.getTime()).toBeGreaterThan(run.startedAt!.getTime());
    }
  });
});
