import { decodeGlobalID } from '@pothos/plugin-relay';
import { isUuid } from '../db/uuid.js';
import { badInput, notFound } from '../graphql/errors.js';

/** Matches no row: used where a tenant is required but absent, so a missing one can never widen a query. */
export const NO_TENANT = '00000000-0000-0000-0000-000000000000';

/**
 * The database id inside a global id of the expected type. A malformed id is the caller's mistake
 * (BAD_USER_INPUT); a well-formed id of another type is simply not a `typename` (NOT_FOUND).
 */
export function parseGlobalId(globalId: string, typename: string, field: string): string {
  let decoded: { typename: string; id: string };
  try {
    decoded = decodeGlobalID(globalId);
  } catch {
    throw badInput(field, 'is not a valid id');
  }
  if (!isUuid(decoded.id)) throw badInput(field, 'is not a valid id');
  if (decoded.typename !== typename) throw notFound(typename);
  return decoded.id;
}
