import { and } from 'graphql-shield';
import { canAct, isAuthenticated } from '../../auth/rules.js';
import { isActiveOrganization } from '../organization/organization.permissions.js';

/**
 * Members. Every member (or members:read) sees who else belongs; ADMINs add, re-role and remove
 * members, but only an OWNER grants, changes or removes the OWNER role (checked in the services,
 * since it depends on the member and role involved). The last OWNER always stays.
 */
const canManage = canAct('ADMIN');

export const memberPermissions = {
  Mutation: { addMember: canManage, updateMemberRole: canManage, removeMember: canManage },
  AddMemberPayload: isAuthenticated,
  UpdateMemberRolePayload: isAuthenticated,
  RemoveMemberPayload: isAuthenticated,
  Organization: { members: and(canAct('VIEWER', 'members:read'), isActiveOrganization) },
  Member: { '*': canAct('VIEWER', 'members:read') },
};
