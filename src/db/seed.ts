import { createHmac } from 'node:crypto';
import { SCOPES } from '../auth/actor.js';
import { hashApiKey } from '../auth/api-key-format.js';
import type { Config } from '../config.js';
import type { Role } from '../generated/prisma/enums.js';
import { encryptCredentials } from '../modules/integration/credentials-cipher.js';
import type { PrismaClient } from './client.js';
import type { Database } from './database.js';
import {
  DEMO_EXECUTION_STATUSES,
  DEMO_INTEGRATIONS,
  DEMO_ORGANIZATIONS,
  DEMO_USERS,
  DEMO_WORKFLOWS,
  demoDefinition,
  type DemoWorkflow,
} from './seed-demo-data.js';

/**
 * Demo data (SPEC §9), idempotent: running it again changes nothing and returns the same summary.
 * Seeding has no tenant, so it writes through the login-role client (one of the named exceptions).
 */

export interface DemoSummary {
  users: Array<{ id: string; email: string; memberships: Array<{ organizationSlug: string; role: Role }> }>;
  apiKeys: Array<{ organizationSlug: string; key: string }>;
}

export class SeedRefusedError extends Error {}

/** The database_markers row that says the demo data was written here once (see seed-once.ts). */
export const DEMO_SEED_MARKER = 'demo-seed';

/**
 * Demo API keys are derived from the organization's slug so that a re-run prints keys that still
 * work (only hashes are stored). That makes them guessable: development data only.
 */
export function demoApiKey(slug: string): { key: string; prefix: string } {
  const derive = (purpose: string) => createHmac('sha256', 'flowgate-demo-only').update(`${purpose}:${slug}`).digest();
  const prefix = BigInt(`0x${derive('prefix').toString('hex')}`).toString(36).slice(0, 12).padStart(12, '0');
  return { prefix, key: `fgk_${prefix}_${derive('secret').toString('base64url')}` };
}

async function seedOrganizations(base: PrismaClient) {
  const bySlug = new Map<string, string>();
  for (const org of DEMO_ORGANIZATIONS) {
    const row = await base.organization.upsert({ where: { slug: org.slug }, update: {}, create: org });
    bySlug.set(org.slug, row.id);
  }
  return bySlug;
}

async function seedUsers(base: PrismaClient, orgIds: Map<string, string>) {
  const users: DemoSummary['users'] = [];
  for (const demo of DEMO_USERS) {
    const user = await base.user.upsert({ where: { email: demo.email }, update: {}, create: { email: demo.email, name: demo.name } });
    for (const membership of demo.memberships) {
      const organizationId = orgIds.get(membership.organizationSlug)!;
      await base.organizationMember.upsert({
        where: { organizationId_userId: { organizationId, userId: user.id } },
        update: {},
        create: { organizationId, userId: user.id, role: membership.role },
      });
    }
    users.push({ id: user.id, email: user.email, memberships: demo.memberships });
  }
  return users;
}

const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000);

async function seedWorkflow(base: PrismaClient, organizationId: string, creatorId: string, demo: DemoWorkflow) {
  if (await base.workflow.findUnique({ where: { organizationId_name: { organizationId, name: demo.name } } })) return;
  await base.$transaction(async (tx) => {
    const workflow = await tx.workflow.create({
      data: { organizationId, name: demo.name, description: demo.description, status: demo.status, createdById: creatorId },
    });
    let versionId = '';
    for (let version = 1; version <= demo.versions; version += 1) {
      const row = await tx.workflowVersion.create({
        data: { organizationId, workflowId: workflow.id, version, definition: demoDefinition(demo.name, version), createdById: creatorId },
      });
      versionId = row.id;
    }
    await tx.workflow.update({ where: { id: workflow.id }, data: { currentVersionId: versionId } });
    if (demo.status !== 'ACTIVE') return;
    await tx.workflowExecution.createMany({
      data: DEMO_EXECUTION_STATUSES.map((status, index) => {
        const created = minutesAgo(60 * (DEMO_EXECUTION_STATUSES.length - index));
        const started = status === 'QUEUED' ? null : new Date(created.getTime() + 2_000);
        const finished = ['SUCCEEDED', 'FAILED', 'CANCELLED'].includes(status) ? new Date(created.getTime() + 9_000) : null;
        return {
          organizationId,
          workflowId: workflow.id,
          versionId,
          status,
          trigger: index % 2 === 0 ? ('MANUAL' as const) : ('API' as const),
          input: { customerId: `cus_${index + 1}` },
          output: status === 'SUCCEEDED' ? { delivered: true } : undefined,
          error: status === 'FAILED' ? 'Upstream returned 502' : undefined,
          triggeredByUserId: creatorId,
          createdAt: created,
          startedAt: started,
          finishedAt: finished,
        };
      }),
    });
  });
}

async function seedIntegrations(base: PrismaClient, orgIds: Map<string, string>, credentialsKey: Buffer) {
  for (const demo of DEMO_INTEGRATIONS) {
    const organizationId = orgIds.get(demo.organizationSlug)!;
    if (await base.integration.findFirst({ where: { organizationId, name: demo.name } })) continue;
    await base.integration.create({
      data: {
        organizationId,
        provider: demo.provider,
        name: demo.name,
        config: demo.config,
        credentials: new Uint8Array(encryptCredentials(credentialsKey, demo.credentials)),
      },
    });
  }
}

async function seedApiKeys(base: PrismaClient, orgIds: Map<string, string>) {
  const keys: DemoSummary['apiKeys'] = [];
  for (const [slug, organizationId] of orgIds) {
    const { key, prefix } = demoApiKey(slug);
    await base.apiKey.upsert({
      where: { prefix },
      update: {},
      create: { organizationId, name: 'Demo partner key', prefix, hash: new Uint8Array(hashApiKey(key)), scopes: [...SCOPES] },
    });
    keys.push({ organizationSlug: slug, key });
  }
  return keys;
}

export async function seedDemo(db: Database, config: Config): Promise<DemoSummary> {
  if (config.production) throw new SeedRefusedError('Demo data has well-known credentials: refused when NODE_ENV=production');
  const base = db.base;
  const orgIds = await seedOrganizations(base);
  const users = await seedUsers(base, orgIds);
  const ownerOf = (slug: string) => users.find((user) => user.memberships.some((m) => m.organizationSlug === slug && m.role === 'OWNER'))!.id;
  for (const demo of DEMO_WORKFLOWS) await seedWorkflow(base, orgIds.get(demo.organizationSlug)!, ownerOf(demo.organizationSlug), demo);
  await seedIntegrations(base, orgIds, config.credentialsKey);
  const apiKeys = await seedApiKeys(base, orgIds);
  await base.databaseMarker.upsert({ where: { name: DEMO_SEED_MARKER }, update: {}, create: { name: DEMO_SEED_MARKER } });
  return { users, apiKeys };
}
