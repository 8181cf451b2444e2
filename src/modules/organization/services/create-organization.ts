import { createOrganizationWithOwner } from '../../../db/privileged.js';
import type { PrismaClient } from '../../../db/client.js';

export interface CreateOrganizationInput {
  name: string;
  slug: string;
}

/** A new organization with the caller as its first OWNER. It has no tenant yet: a privileged path. */
export function createOrganization(
  base: PrismaClient,
  caller: { userId: string; requestId: string; ip: string | undefined },
  input: CreateOrganizationInput,
) {
  return createOrganizationWithOwner(base, { ...input, ownerUserId: caller.userId, requestId: caller.requestId, ip: caller.ip });
}
