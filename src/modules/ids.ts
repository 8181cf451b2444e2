import { decodeGlobalID } from '@pothos/plugin-relay';
import { isObjectType, type GraphQLSchema } from 'graphql';
import { isUuid } from '../db/uuid.js';
import { badInput, notFound } from '../graphql/errors.js';

/** Matches no row: used where a tenant is required but absent, so a missing one can never widen a query. */
export const NO_TENANT = '00000000-0000-0000-0000-000000000000';

/** A global id taken apart; one that is not ours, or holds no UUID, is the caller's mistake (BAD_USER_INPUT). */
export function decodeRowId(globalId: string, field: string): { typename: string; id: string } {
  let decoded: { typename: string; id: string };
  try {
    decoded = decodeGlobalID(globalId);
  } catch {
    throw badInput(field, 'is not a valid id');
  }
  if (!isUuid(decoded.id)) throw badInput(field, 'is not a valid id');
  return decoded;
}

/**
 * The database id inside a global id of the expected type. A malformed id is the caller's mistake
 * (BAD_USER_INPUT); a well-formed id of another type is simply not a `typename` (NOT_FOUND).
 */
export function parseGlobalId(globalId: string, typename: string, field: string): string {
  const decoded = decodeRowId(globalId, field);
  if (decoded.typename !== typename) throw notFound(typename);
  return decoded.id;
}

/**
 * Whether a decoded global id can name a row: its type implements Node and its id is a UUID.
 * `node`/`nodes` answer anything else with null, as for an id that does not exist; Pothos would
 * throw on an unknown type and send a non-UUID to a uuid column.
 */
export function namesNode(schema: GraphQLSchema, { typename, id }: { typename: string; id: string }): boolean {
  const type = schema.getType(typename);
  return isObjectType(type) && type.getInterfaces().some((node) => node.name === 'Node') && isUuid(id);
}
