import { createHash } from 'node:crypto';
import { decodeBase64, encodeBase64 } from '@pothos/core';
import { isUuid } from '../../db/uuid.js';
import type { ListContract } from './list-contract.js';

/**
 * A list's cursors name a row by id and carry a tag of the ordering and filter they were issued
 * under: a page only continues the list it came from. The row's sort values are not in the cursor;
 * the database reads them from the row itself (Prisma's cursor), so a cursor naming a row that is gone
 * or belongs to another organization simply ends the list.
 *
 * The wire form keeps Pothos' own `GPC:S:` envelope, which the Prisma plugin decodes before the
 * connection's `query` replaces the cursor it made with the row id (see `continueAfter`).
 */

const PAGING_ARGUMENTS = new Set(['first', 'last', 'after', 'before', 'orderBy']);

export interface ListArguments {
  orderBy?: readonly string[] | null;
  [argument: string]: unknown;
}

/** `value` without nulls and empty objects, so `filter: null` and no filter tag the same list. */
function withoutNulls(value: unknown): unknown {
  if (value === null || value === undefined) return undefined;
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(withoutNulls);
  if (typeof value !== 'object') return value;
  const entries = Object.entries(value)
    .map(([key, item]) => [key, withoutNulls(item)] as const)
    .filter(([, item]) => item !== undefined);
  return entries.length ? Object.fromEntries(entries) : undefined;
}

/** The ordering a request reads the list in: its `orderBy`, or the list's default. */
export const requestedOrder = (contract: ListContract, args: ListArguments): readonly string[] =>
  args.orderBy?.length ? args.orderBy : contract.defaultOrder;

/** The tag of the ordering and filter (every argument but the paging ones) a request lists under. */
export function listTag(contract: ListContract, args: ListArguments): string {
  const narrowing = Object.fromEntries(Object.entries(args).filter(([name]) => !PAGING_ARGUMENTS.has(name)));
  const described = JSON.stringify({ order: requestedOrder(contract, args), where: withoutNulls(narrowing) ?? {} });
  return createHash('sha256').update(described).digest('base64url').slice(0, 16);
}

export const encodeListCursor = (tag: string, id: string) => encodeBase64(`GPC:S:${tag}~${id}`);

/** The tag and row id inside a cursor, or undefined when it is not one of ours. */
export function decodeListCursor(cursor: string): { tag: string; id: string } | undefined {
  let decoded: string;
  try {
    decoded = decodeBase64(cursor);
  } catch {
    return undefined;
  }
  const match = /^GPC:S:([A-Za-z0-9_-]{16})~(.*)$/s.exec(decoded);
  return match && isUuid(match[2]) ? { tag: match[1], id: match[2] } : undefined;
}
