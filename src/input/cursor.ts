import { offeredOrdering, orderingLabel, type ListContract } from '../modules/lists/list-contract.js';
import { decodeListCursor, listTag, requestedOrder, type ListArguments } from '../modules/lists/list-cursor.js';

/**
 * A list's `orderBy` and its cursors, checked before anything executes (a nested list becomes part
 * of its parent's SQL). Only orderings an index serves are offered; a cursor continues only the
 * ordering and filter it was issued under, so a client that changes either starts again from the top
 * instead of silently skipping or repeating rows.
 */

const NOT_OURS = 'is not a cursor from this list (pass an endCursor, startCursor or edge cursor)';
const OTHER_LIST = 'was issued for another ordering or filter; start again without it';

export function orderingProblem(contract: ListContract, args: ListArguments): string | undefined {
  if (!args.orderBy?.length || offeredOrdering(contract, [...requestedOrder(contract, args)])) return undefined;
  const offered = contract.orderings.map(orderingLabel).join(', ');
  return `no index serves this ordering; use one of ${offered}, or one of them with every direction reversed`;
}

export function cursorProblem(cursor: string, contract: ListContract, args: ListArguments): string | undefined {
  const decoded = decodeListCursor(cursor);
  if (!decoded) return NOT_OURS;
  return decoded.tag === listTag(contract, args) ? undefined : OTHER_LIST;
}
