import { z } from 'zod';
import { builder } from '../../graphql/builder.js';
import { parseGlobalId } from '../ids.js';
import { RoleEnum } from '../organization/organization.types.js';
import { deletionPayload, entityPayload, inputArgument } from '../payload.js';
import { serviceScope } from '../service-scope.js';
import { validate } from '../validation.js';
import { MemberRef } from './member.types.js';
import { addMember } from './services/add-member.js';
import { removeMember } from './services/remove-member.js';
import { updateMemberRole } from './services/update-member-role.js';

const memberId = { description: 'The global id of a Member of the active organization.' };

const AddMemberInput = builder.inputType('AddMemberInput', {
  description: 'Who to add, and as what.',
  fields: (t) => ({
    email: t.string({ description: 'Their email address (at most 254 characters); an account is created if none exists.' }),
    role: t.field({ type: RoleEnum, description: 'Their role. Granting OWNER needs an OWNER.' }),
  }),
});
const UpdateMemberRoleInput = builder.inputType('UpdateMemberRoleInput', {
  description: 'A member and their new role.',
  fields: (t) => ({
    memberId: t.id(memberId),
    role: t.field({ type: RoleEnum, description: 'The new role. Granting or taking away OWNER needs an OWNER; the last OWNER cannot be demoted (CONFLICT).' }),
  }),
});
const RemoveMemberInput = builder.inputType('RemoveMemberInput', {
  description: 'The member to remove.',
  fields: (t) => ({ memberId: t.id(memberId) }),
});

const email = z.object({ email: z.email('must be an email address').max(254, 'must be at most 254 characters') });

builder.mutationField('addMember', (t) =>
  t.field({
    type: entityPayload('AddMemberPayload', 'member', MemberRef),
    description:
      'Adds a person to the active organization by email (their account is created if needed). ADMIN and up; only an OWNER may add an OWNER. Already a member: CONFLICT.',
    args: { input: t.arg({ type: AddMemberInput, ...inputArgument }) },
    resolve: async (_root, { input }, ctx) => {
      const valid = validate(email, { email: input.email.trim() });
      return { member: await addMember(ctx.base, serviceScope(ctx), ctx.role, { email: valid.email, role: input.role }) };
    },
  }),
);

builder.mutationField('updateMemberRole', (t) =>
  t.field({
    type: entityPayload('UpdateMemberRolePayload', 'member', MemberRef),
    description: 'Changes a member’s role. ADMIN and up; only an OWNER grants, changes or removes OWNER, and the last OWNER stays.',
    args: { input: t.arg({ type: UpdateMemberRoleInput, ...inputArgument }) },
    resolve: async (_root, { input }, ctx) => ({
      member: await updateMemberRole(serviceScope(ctx), { memberId: parseGlobalId(input.memberId, 'Member', 'memberId'), role: input.role }),
    }),
  }),
);

builder.mutationField('removeMember', (t) =>
  t.field({
    type: deletionPayload('RemoveMemberPayload', 'Member'),
    description: 'Removes someone from the active organization (their account stays). ADMIN and up; only an OWNER removes an OWNER, and the last OWNER stays.',
    args: { input: t.arg({ type: RemoveMemberInput, ...inputArgument }) },
    resolve: (_root, { input }, ctx) => removeMember(serviceScope(ctx), parseGlobalId(input.memberId, 'Member', 'memberId')),
  }),
);
