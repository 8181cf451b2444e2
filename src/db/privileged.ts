import pg from 'pg';
import { Prisma, type ApiKey, type Organization } from '../generated/prisma/client.js';
import type { Role } from '../generated/prisma/enums.js';
import { ORGANIZATION_COLUMNS, organizationFrom, type OrganizationColumns } from './organization-row.js';
import type { PrismaClient, TransactionClient } from './client.js';
import { tenantSettingsSql, uuidLiteral } from './tenant.js';
import { isUuid } from './uuid.js';

/**
 * The few database paths that run without a tenant, because they happen before one is known or span
 * tenants. Each bypasses row-level security, so each is small, named here, and listed in
 * PRIVILEGED_OPERATIONS (a test keeps that list and this file in step). Migrations and seeding are
 * the other two, in migrator.ts and seed.ts.
 */
export const PRIVILEGED_OPERATIONS = [
  'findApiKeyByPrefix',
  'recordApiKeyUse',
  'findMembership',
  'findMembershipAndSetTenant',
  'findMembershipsOfUser',
  'findOrCreateUserByEmail',
  'createOrganizationWithOwner',
  'findPersistedOperation',
  'savePersistedOperations',
  'listPersistedOperations',
  'findUserByEmail',
  'findOrganizationBySlug',
  'findApiKeyById',
] as const;

type ApiKeyWithOrganization = Pick<ApiKey, 'id' | 'organizationId' | 'hash' | 'scopes' | 'lastUsedAt' | 'expiresAt' | 'revokedAt'> & { organization: Organization };

/** Authentication: an API key is found by its public prefix before its organization is known. */
export async function findApiKeyByPrefix(base: PrismaClient, prefix: string): Promise<ApiKeyWithOrganization | null> {
  const [row] = await base.$queryRaw<Array<Omit<ApiKeyWithOrganization, 'organization'> & OrganizationColumns>>`
    SELECT k."id", k."organizationId", k."hash", k."scopes", k."lastUsedAt", k."expiresAt", k."revokedAt", ${ORGANIZATION_COLUMNS}
    FROM "api_keys" k JOIN "organizations" o ON o."id" = k."organizationId" WHERE k."prefix" = ${prefix}`;
  if (!row) return null;
  const { id, organizationId, hash, scopes, lastUsedAt, expiresAt, revokedAt } = row;
  return { id, organizationId, hash, scopes, lastUsedAt, expiresAt, revokedAt, organization: organizationFrom(row) };
}

/** Authentication again: stamping `lastUsedAt` happens before the request has a tenant handle. */
export function recordApiKeyUse(base: PrismaClient, apiKeyId: string, at: Date) {
  return base.apiKey.update({ where: { id: apiKeyId }, data: { lastUsedAt: at } });
}

export interface Membership {
  role: Role;
  organization: Organization;
}

type MembershipRow = { role: Role } & OrganizationColumns;

const membershipFrom = (row: MembershipRow | undefined): Membership | null => (row ? { role: row.role, organization: organizationFrom(row) } : null);

/** Tenant selection: is this user a member of the organization named by id or slug, and as what? */
export async function findMembership(base: PrismaClient, userId: string, organizationIdOrSlug: string): Promise<Membership | null> {
  const organization = isUuid(organizationIdOrSlug) ? Prisma.sql`o."id" = ${organizationIdOrSlug}::uuid` : Prisma.sql`o."slug" = ${organizationIdOrSlug}`;
  const [row] = await base.$queryRaw<MembershipRow[]>`
    SELECT m."role"::text AS "role", ${ORGANIZATION_COLUMNS}
    FROM "organization_members" m JOIN "organizations" o ON o."id" = m."organizationId"
    WHERE m."userId" = ${userId}::uuid AND ${organization}`;
  return membershipFrom(row);
}

/**
 * The same tenant selection as the first statement of a request session (request-session.ts): the
 * membership look-up, then the application role and the settings for the organization it found, in
 * ONE statement, so with its BEGIN one round trip (postgres-pool.ts; hence literals, no parameters).
 * PostgreSQL plans the statement and checks its privileges as the login role, before it runs; the
 * role and settings change only as its one result row is formed. So the look-up is the privileged
 * path and every later statement of the transaction runs under row-level security. A person who is
 * not a member still gets the application role and an empty organization setting: no tenant rows.
 */
export async function findMembershipAndSetTenant(tx: TransactionClient, userId: string, organizationIdOrSlug: string): Promise<Membership | null> {
  const organization = isUuid(organizationIdOrSlug) ? `o."id" = ${uuidLiteral(organizationIdOrSlug)}::uuid` : `o."slug" = ${pg.escapeLiteral(organizationIdOrSlug)}`;
  const [row] = await tx.$queryRawUnsafe<MembershipRow[]>(`
    SELECT found.*, ${tenantSettingsSql(`coalesce(found."org_id"::text, '')`, userId)}
    FROM (SELECT 1) AS one LEFT JOIN LATERAL (
      SELECT m."role"::text AS "role", ${ORGANIZATION_COLUMNS.text}
      FROM "organization_members" m JOIN "organizations" o ON o."id" = m."organizationId"
      WHERE m."userId" = ${uuidLiteral(userId)}::uuid AND ${organization}
    ) AS found ON true`);
  return row?.org_id ? membershipFrom(row) : null;
}

/** `viewer.memberships`: a person's organizations, which by nature span tenants. */
export function findMembershipsOfUser(base: PrismaClient, userId: string) {
  return base.organizationMember.findMany({
    where: { userId },
    include: { organization: true },
    orderBy: { createdAt: 'asc' },
  });
}

/**
 * Inviting by email: the account may not exist yet, and accounts belong to no tenant, so the
 * application role may not create them. Idempotent, so an invitation that fails later leaves at most
 * an account with no memberships.
 */
export async function findOrCreateUserByEmail(base: PrismaClient, email: string) {
  const normalized = email.trim().toLowerCase();
  return base.user.upsert({
    where: { email: normalized },
    update: {},
    create: { email: normalized, name: normalized.split('@')[0] },
  });
}

export interface NewOrganization {
  name: string;
  slug: string;
  ownerUserId: string;
  requestId?: string;
  ip?: string;
}

/** A new tenant has no tenant yet: the organization, its first OWNER and the audit entry commit together. */
export function createOrganizationWithOwner(base: PrismaClient, input: NewOrganization) {
  return base.$transaction(async (tx) => {
    const organization = await tx.organization.create({ data: { name: input.name, slug: input.slug } });
    await tx.organizationMember.create({
      data: { organizationId: organization.id, userId: input.ownerUserId, role: 'OWNER' satisfies Role },
    });
    await tx.auditLogEntry.create({
      data: {
        organizationId: organization.id,
        actorUserId: input.ownerUserId,
        action: 'organization.create',
        resourceType: 'Organization',
        resourceId: organization.id,
        metadata: { name: input.name, slug: input.slug },
        requestId: input.requestId,
        ip: input.ip,
      },
    });
    return organization;
  });
}

/** Trusted documents are global: any tenant's API key may run a registered operation. */
export function findPersistedOperation(base: PrismaClient, id: string) {
  return base.persistedOperation.findUnique({ where: { id } });
}

export interface OperationRecord {
  id: string;
  name: string;
  type: string;
  body: string;
}

/** `flowgate operations register`: an operator's action, outside any tenant. Idempotent by id. */
export function savePersistedOperations(base: PrismaClient, operations: OperationRecord[]) {
  return base.persistedOperation.createMany({ data: operations, skipDuplicates: true });
}

/** `flowgate operations list`: what operators registered, newest first. */
export function listPersistedOperations(base: PrismaClient) {
  return base.persistedOperation.findMany({ orderBy: { createdAt: 'desc' } });
}

/** `flowgate token --user <email>`: an operator names a person before any tenant is chosen. */
export function findUserByEmail(base: PrismaClient, email: string) {
  return base.user.findUnique({ where: { email: email.trim().toLowerCase() } });
}

/** `flowgate apikey … --org <slug>`: an operator names the tenant to act in. */
export function findOrganizationBySlug(base: PrismaClient, slug: string) {
  return base.organization.findUnique({ where: { slug } });
}

/** `flowgate apikey revoke <id>`: the key names its own tenant. */
export function findApiKeyById(base: PrismaClient, id: string) {
  return base.apiKey.findUnique({ where: { id } });
}
