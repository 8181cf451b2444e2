import { randomBytes } from 'node:crypto';
import { encodeGlobalID } from '@pothos/plugin-relay';
import { generateApiKey } from '../../src/auth/api-key-format.js';
import type { Scope } from '../../src/auth/actor.js';
import { SCOPES } from '../../src/auth/actor.js';
import type { PrismaClient } from '../../src/db/client.js';
import type { ExecutionStatus, Prisma, Role, WorkflowStatus } from '../../src/generated/prisma/client.js';
import { encryptCredentials } from '../../src/modules/integration/credentials-cipher.js';

/**
 * Test data, written straight through the login-role client with random keys, so tests never share
 * rows and never need to clean up after each other.
 */

export const unique = (label = 'x') => `${label}-${randomBytes(5).toString('hex')}`;

/** The secret part of `fgk_<prefix>_<secret>`; the secret is base64url, so it may itself contain `_`. */
export const apiKeySecretPart = (key: string) => key.replace(/^fgk_[a-z0-9]{12}_/, '');

export const globalId = (typename: string, id: string) => encodeGlobalID(typename, id);

export function createUser(db: PrismaClient, data: { email?: string; name?: string } = {}) {
  const email = data.email ?? `${unique('user')}@example.test`;
  return db.user.create({ data: { email, name: data.name ?? email.split('@')[0] } });
}

export function createOrganization(db: PrismaClient, data: { name?: string; slug?: string; plan?: 'FREE' | 'TEAM' | 'ENTERPRISE' } = {}) {
  const slug = data.slug ?? unique('org');
  return db.organization.create({ data: { name: data.name ?? slug, slug, plan: data.plan ?? 'FREE' } });
}

export function addMembership(db: PrismaClient, organizationId: string, userId: string, role: Role) {
  return db.organizationMember.create({ data: { organizationId, userId, role } });
}

/** A user who is a member of `organizationId` with `role`. */
export async function createMember(db: PrismaClient, organizationId: string, role: Role) {
  const user = await createUser(db);
  const membership = await addMembership(db, organizationId, user.id, role);
  return { user, membership };
}

export interface WorkflowOptions {
  name?: string;
  status?: WorkflowStatus;
  versions?: number;
  createdById?: string | null;
}

/** A workflow with `versions` versions (default 1), the last one current. */
export async function createWorkflow(db: PrismaClient, organizationId: string, options: WorkflowOptions = {}) {
  const workflow = await db.workflow.create({
    data: { organizationId, name: options.name ?? unique('workflow'), status: options.status ?? 'ACTIVE', createdById: options.createdById ?? null },
  });
  let currentVersionId: string | null = null;
  for (let version = 1; version <= (options.versions ?? 1); version += 1) {
    const row = await db.workflowVersion.create({
      data: { organizationId, workflowId: workflow.id, version, definition: { steps: [{ kind: 'noop', version }] }, createdById: options.createdById ?? null },
    });
    currentVersionId = row.id;
  }
  return db.workflow.update({ where: { id: workflow.id }, data: { currentVersionId }, include: { currentVersion: true } });
}

export interface ExecutionOptions {
  status?: ExecutionStatus;
  idempotencyKey?: string;
  triggeredByUserId?: string;
  input?: Prisma.InputJsonValue;
  createdAt?: Date;
}

export function createExecution(
  db: PrismaClient,
  workflow: { id: string; organizationId: string; currentVersionId: string | null },
  options: ExecutionOptions = {},
) {
  if (!workflow.currentVersionId) throw new Error('createExecution needs a workflow with a version');
  return db.workflowExecution.create({
    data: {
      organizationId: workflow.organizationId,
      workflowId: workflow.id,
      versionId: workflow.currentVersionId,
      status: options.status ?? 'QUEUED',
      trigger: 'MANUAL',
      input: options.input ?? {},
      idempotencyKey: options.idempotencyKey,
      triggeredByUserId: options.triggeredByUserId,
      createdAt: options.createdAt,
    },
  });
}

export function createIntegration(
  db: PrismaClient,
  organizationId: string,
  options: { provider?: string; name?: string; credentials?: unknown; credentialsKey?: Buffer } = {},
) {
  const key = options.credentialsKey ?? Buffer.alloc(32, 7);
  return db.integration.create({
    data: {
      organizationId,
      provider: options.provider ?? 'slack',
      name: options.name ?? unique('integration'),
      config: { channel: '#general' },
      credentials: options.credentials === undefined ? null : new Uint8Array(encryptCredentials(key, options.credentials)),
    },
  });
}

/** An API key row and its full secret, which only the caller of this factory ever sees. */
export async function createApiKey(
  db: PrismaClient,
  organizationId: string,
  options: { scopes?: readonly Scope[]; expiresAt?: Date; revokedAt?: Date; name?: string } = {},
) {
  const generated = generateApiKey();
  const apiKey = await db.apiKey.create({
    data: {
      organizationId,
      name: options.name ?? unique('key'),
      prefix: generated.prefix,
      hash: new Uint8Array(generated.hash),
      scopes: [...(options.scopes ?? SCOPES)],
      expiresAt: options.expiresAt,
      revokedAt: options.revokedAt,
    },
  });
  return { apiKey, key: generated.key };
}
