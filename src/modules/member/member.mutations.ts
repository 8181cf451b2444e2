import { z } from 'zod';
import { builder } from '../../graphql/builder.js';
import { parseGlobalId } from '../ids.js';
import { RoleEnum } from '../organization/organization.types.js';
import { deletionPayload, entityPayload } from '../payload.js';
import { serviceScope } from '../service-scope.js';
import { validate } from '../validation.js';
import { MemberRef } from './member.types.js';
import { addMember } from './services/add-member.js';
import { removeMember } from './services/remove-member.js';
import { updateMemberRole } from './services/update-member-role.js';

const AddMemberInput = builder.inputType('AddMemberInput', {
  fields: (t) => ({ email: t.string(), role: t.field({ type: RoleEnum }) }),
});
const UpdateMemberRoleInput = builder.inputType('UpdateMemberRoleInput', {
  fields: (t) => ({ memberId: t.id(), role: t.field({ type: RoleEnum }) }),
});
const RemoveMemberInput = builder.inputType('RemoveMemberInput', { fields: (t) => ({ memberId: t.id() }) });

const email = z.object({ email: z.email('must be an email address').max(254, 'must be at most 254 characters') });

builder.mutationField('addMember', (t) =>
  t.field({
    type: entityPayload('AddMemberPayload', 'member', MemberRef),
    description: 'Adds a person by email (their account is created if needed). Only an OWNER may add an OWNER.',
    args: { input: t.arg({ type: AddMemberInput }) },
    resolve: async (_root, { input }, ctx) => {
      const valid = validate(email, { email: input.email.trim() });
      return { member: await addMember(ctx.base, serviceScope(ctx), ctx.role, { email: valid.email, role: input.role }) };
    },
  }),
);

builder.mutationField('updateMemberRole', (t) =>
  t.field({
    type: entityPayload('UpdateMemberRolePayload', 'member', MemberRef),
    args: { input: t.arg({ type: UpdateMemberRoleInput }) },
    resolve: async (_root, { input }, ctx) => ({
      member: await updateMemberRole(serviceScope(ctx), { memberId: parseGlobalId(input.memberId, 'Member', 'memberId'), role: input.role }),
    }),
  }),
);

builder.mutationField('removeMember', (t) =>
  t.field({
    type: deletionPayload('RemoveMemberPayload', 'Member'),
    args: { input: t.arg({ type: RemoveMemberInput }) },
    resolve: (_root, { input }, ctx) => removeMember(serviceScope(ctx), parseGlobalId(input.memberId, 'Member', 'memberId')),
  }),
);
