import type { Role } from '../../../generated/prisma/enums.js';
import { recordAudit } from '../../audit/record-audit.js';
import type { ServiceScope } from '../../service-scope.js';
import { lockMembershipChange } from './lock-membership-change.js';
import { publishMembership } from './publish-membership.js';

/** Gives a member another role, under the OWNER rules (see lockMembershipChange). */
export async function updateMemberRole(scope: ServiceScope, input: { memberId: string; role: Role }) {
  const changed = await scope.db.transaction(async (tx) => {
    const member = (await lockMembershipChange(tx, scope, input));
    const updated = await tx.organizationMember.update({ where: { id: member.id }, data: { role: input.role } });
    await recordAudit(tx, scope, { action: 'member.updateRole', resourceType: 'Member', resourceId: member.id, metadata: { from: member.role, to: input.role } });
    return updated;
  });
  await publishMembership(scope, changed);
  return changed;
}
