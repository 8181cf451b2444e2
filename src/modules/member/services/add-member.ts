import type { PrismaClient } from '../../../db/client.js';
import { findOrCreateUserByEmail } from '../../../db/privileged.js';
import { roleAtLeast } from '../../../auth/actor.js';
import { AppError, ErrorCode } from '../../../graphql/errors.js';
import type { Role } from '../../../generated/prisma/enums.js';
import { recordAudit } from '../../audit/record-audit.js';
import type { ServiceScope } from '../../service-scope.js';
import { lockMembershipChange, ownerRequired } from './lock-membership-change.js';

/**
 * Adds a person by email, creating their account if needed. Accounts belong to no tenant, so that
 * step runs on the privileged path before the tenant transaction (it is idempotent: a failure after it
 * leaves at most an account without memberships). A caller who is plainly not an OWNER is refused an
 * OWNER grant before that step, so a forbidden request creates nothing; the locked check is the rule.
 */
export async function addMember(base: PrismaClient, scope: ServiceScope, callerRole: Role | null, input: { email: string; role: Role }) {
  if (input.role === 'OWNER' && !roleAtLeast(callerRole, 'OWNER')) {
    throw ownerRequired();
  }
  const user = await findOrCreateUserByEmail(base, input.email);
  return scope.db.transaction(async (tx) => {
    await lockMembershipChange(tx, scope, { role: input.role });
    const existing = await tx.organizationMember.findFirst({ where: { organizationId: scope.organization.id, userId: user.id } });
    if (existing) throw new AppError(ErrorCode.CONFLICT, `${user.email} is already a member`);
    const member = await tx.organizationMember.create({ data: { organizationId: scope.organization.id, userId: user.id, role: input.role } });
    await recordAudit(tx, scope, { action: 'member.add', resourceType: 'Member', resourceId: member.id, metadata: { userId: user.id, role: input.role } });
    return member;
  });
}
