import { recordAudit } from '../../audit/record-audit.js';
import type { ServiceScope } from '../../service-scope.js';
import { lockMembershipChange } from './lock-membership-change.js';
import { publishMembership } from './publish-membership.js';

/** Ends a membership (the account stays), under the OWNER rules (see lockMembershipChange). */
export async function removeMember(scope: ServiceScope, memberId: string) {
  const changed = await scope.db.transaction(async (tx) => {
    const member = (await lockMembershipChange(tx, scope, { memberId }));
    await tx.organizationMember.delete({ where: { id: member.id } });
    await recordAudit(tx, scope, { action: 'member.remove', resourceType: 'Member', resourceId: member.id, metadata: { userId: member.userId, role: member.role } });
    return member;
  });
  await publishMembership(scope, changed);
  return changed;
}
