import type { ObjectParam } from '@pothos/core';
import { queryFromInfo } from '@pothos/plugin-prisma';
import { encodeGlobalID } from '@pothos/plugin-relay';
import type { GraphQLResolveInfo } from 'graphql';
import { builder } from '../graphql/builder.js';
import type { Context } from '../graphql/context.js';

type Types = typeof builder extends PothosSchemaTypes.SchemaBuilder<infer T> ? T : never;

/** `CreateWorkflowPayload` → `createWorkflow`: payloads are named after their mutation. */
const mutationOf = (payloadName: string) => payloadName.charAt(0).toLowerCase() + payloadName.slice(1).replace(/Payload$/, '');

/** The description of every mutation's single `input` argument. */
export const inputArgument = { description: 'What to change; each field says its bounds. Invalid input is BAD_USER_INPUT with extensions.field.' };

/** `<Name>Payload { <entity> }`: the shape every mutation returns (SPEC §6). */
export function entityPayload<K extends string>(name: string, field: K, ref: ObjectParam<Types>) {
  return builder.objectRef<Record<K, unknown>>(name).implement({
    description: `What ${mutationOf(name)} returns to its caller.`,
    fields: (t) => ({
      [field]: t.field({
        type: ref,
        description: `The ${field} as it is after the change; reading its fields needs the role or scope its type names.`,
        resolve: (payload) => payload[field] as never,
      }),
    }),
  });
}

/**
 * The payload's `field` as the client selected it, planned by Pothos for the mutation's service to
 * read or write its row with (see SelectQuery): the payload then resolves from that row, with no
 * second read and no column the client did not ask for.
 */
export function payloadQuery(ctx: Context, info: GraphQLResolveInfo, field: string) {
  return queryFromInfo({ context: ctx, info, path: [field] });
}

/** `<Name>Payload { deletedId }`, the global id of what is gone. */
export function deletionPayload(name: string, typename: string) {
  return builder.objectRef<{ id: string }>(name).implement({
    description: `What ${mutationOf(name)} returns to its caller.`,
    fields: (t) => ({
      deletedId: t.id({
        description: `The global id of the ${typename} that is gone: drop it from client caches.`,
        resolve: (payload) => encodeGlobalID(typename, payload.id),
      }),
    }),
  });
}
