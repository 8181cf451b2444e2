import type { ServiceScope } from '../../service-scope.js';

/** After a membership change commits: that person's open subscriptions are re-checked against it. */
export function publishMembership(scope: ServiceScope, member: { organizationId: string; userId: string }) {
  return scope.events.publish({ kind: 'membership', organizationId: member.organizationId, userId: member.userId });
}
