import type { ObjectParam } from '@pothos/core';
import { encodeGlobalID } from '@pothos/plugin-relay';
import { builder } from '../graphql/builder.js';

type Types = typeof builder extends PothosSchemaTypes.SchemaBuilder<infer T> ? T : never;

/** `<Name>Payload { <entity> }`: the shape every mutation returns (SPEC §6). */
export function entityPayload<K extends string>(name: string, field: K, ref: ObjectParam<Types>) {
  return builder.objectRef<Record<K, unknown>>(name).implement({
    fields: (t) => ({ [field]: t.field({ type: ref, resolve: (payload) => payload[field] as never }) }),
  });
}

/** `<Name>Payload { deletedId }`, the global id of what is gone. */
export function deletionPayload(name: string, typename: string) {
  return builder.objectRef<{ id: string }>(name).implement({
    fields: (t) => ({ deletedId: t.id({ resolve: (payload) => encodeGlobalID(typename, payload.id) }) }),
  });
}
