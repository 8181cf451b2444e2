import type { TransactionClient } from '../../../db/client.js';
import { AppError, ErrorCode, notFound } from '../../../graphql/errors.js';
import type { OrganizationMember } from '../../../generated/prisma/client.js';
import type { Role } from '../../../generated/prisma/enums.js';
import type { ServiceScope } from '../../service-scope.js';

/** FORBIDDEN for anyone but an OWNER touching the OWNER role; names the role it takes. */
export const ownerRequired = () =>
  new AppError(ErrorCode.FORBIDDEN, 'Only an OWNER can grant, change or remove the OWNER role', { requiredRole: 'OWNER' });

export interface MembershipChange {
  /** The member re-roled or removed; absent when a member is added. */
  memberId?: string;
  /** The role granted; absent when the member is removed. */
  role?: Role;
}

/**
 * The OWNER rules every membership change passes, checked against locked rows rather than against
 * the roles read when the request began: only an OWNER grants, changes or removes the OWNER role, and
 * the organization always keeps one OWNER. The OWNER rows are locked in id order (so two changes never
 * lock them crosswise) until the change commits: two owners demoting each other at once take turns,
 * and the second sees that it is no longer an OWNER or would leave none.
 * Returns the member being changed, or null when adding one.
 */
export async function lockMembershipChange(
  tx: TransactionClient,
  scope: ServiceScope,
  change: MembershipChange & { memberId: string },
): Promise<OrganizationMember>;
export async function lockMembershipChange(tx: TransactionClient, scope: ServiceScope, change: MembershipChange): Promise<OrganizationMember | null>;
export async function lockMembershipChange(tx: TransactionClient, scope: ServiceScope, change: MembershipChange) {
  const owners = await tx.$queryRaw<Array<{ userId: string }>>`
    SELECT "userId" FROM "organization_members"
    WHERE "organizationId" = ${scope.organization.id}::uuid AND "role" = 'OWNER'
    ORDER BY "id" FOR UPDATE`;
  let member: OrganizationMember | null = null;
  if (change.memberId) {
    member = await tx.organizationMember.findFirst({ where: { id: change.memberId, organizationId: scope.organization.id } });
    if (!member) throw notFound('Member');
  }
  const callerId = scope.actor.kind === 'user' ? scope.actor.userId : null;
  const callerIsOwner = owners.some((owner) => owner.userId === callerId);
  if ((change.role === 'OWNER' || member?.role === 'OWNER') && !callerIsOwner) {
    throw ownerRequired();
  }
  if (member?.role === 'OWNER' && change.role !== 'OWNER' && owners.length <= 1) {
    throw new AppError(ErrorCode.CONFLICT, 'An organization must keep at least one OWNER');
  }
  return member;
}
