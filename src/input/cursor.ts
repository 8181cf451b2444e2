import { decodeBase64 } from '@pothos/core';
import { isUuid } from '../db/uuid.js';

/**
 * Every connection pages by its rows' UUID `id` (`cursor: 'id'` in modules/), so the only cursors
 * the gateway ever issues are Pothos' `GPC:S:<uuid>`, base64-encoded. Pothos decodes any tagged
 * value (a number, a date, JSON) and hands it to the database as an id; a cursor that is not one of
 * ours is refused here instead, before it reaches a `uuid` column.
 */
export function cursorProblem(cursor: string): string | undefined {
  let decoded: string;
  try {
    decoded = decodeBase64(cursor);
  } catch {
    return 'is not a cursor from this list (pass an endCursor, startCursor or edge cursor)';
  }
  const id = /^GPC:S:(.*)$/s.exec(decoded)?.[1];
  return id !== undefined && isUuid(id) ? undefined : 'is not a cursor from this list (pass an endCursor, startCursor or edge cursor)';
}
