import { AppError, ErrorCode } from '../../../graphql/errors.js';
import type { Plan } from '../../../generated/prisma/enums.js';
import { roleAtLeast } from '../../../auth/actor.js';
import type { ServiceScope } from '../../service-scope.js';
import { recordAudit } from '../../audit/record-audit.js';

export interface UpdateOrganizationInput {
  name?: string;
  plan?: Plan;
}

/** Renames the active organization (ADMIN) or changes its plan (OWNER only). */
export function updateOrganization(scope: ServiceScope, role: Parameters<typeof roleAtLeast>[0], input: UpdateOrganizationInput) {
  if (input.plan !== undefined && !roleAtLeast(role, 'OWNER')) {
    throw new AppError(ErrorCode.FORBIDDEN, 'Only an OWNER can change the plan', { requiredRole: 'OWNER' });
  }
  return scope.db.transaction(async (tx) => {
    const organization = await tx.organization.update({
      where: { id: scope.organization.id },
      data: { name: input.name, plan: input.plan },
    });
    await recordAudit(tx, scope, {
      action: 'organization.update',
      resourceType: 'Organization',
      resourceId: organization.id,
      metadata: { ...input },
    });
    return organization;
  });
}
