import DataLoader from 'dataloader';
import type { PrismaClient } from '../../db/client.js';
import { findMembershipsOfUser } from '../../db/privileged.js';
import type { Role } from '../../generated/prisma/enums.js';
import { inKeyOrder } from '../in-key-order.js';

/**
 * The caller's role in each organization asked about (`Organization.viewerRole`), from the caller's
 * own membership rows: one query however many organizations `viewer.memberships` lists.
 */
export function createViewerRoleLoader(base: PrismaClient, userId: string | null) {
  return new DataLoader<string, Role | null>(async (organizationIds) => {
    if (!userId) return organizationIds.map(() => null);
    const memberships = await findMembershipsOfUser(base, userId);
    return inKeyOrder(organizationIds, new Map(memberships.map((m) => [m.organizationId, m.role])), null);
  });
}
