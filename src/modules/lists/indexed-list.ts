import type { ArgBuilder, EnumRef, InputObjectRef } from '@pothos/core';
import { builder } from '../../graphql/builder.js';
import { LIST_CONTRACT, offeredOrdering, orderingLabel, parseOrderValue, type ListContract, type OfferedOrdering, type SortKey } from './list-contract.js';
import { decodeListCursor, requestedOrder, type ListArguments } from './list-cursor.js';
import type { FilterSpec } from './list-filters.js';

/**
 * One connection's `orderBy` and `filter`: the `<Type>Order` enum, the `<Type>Filter` input, the
 * Prisma `where`/`orderBy`/`cursor` a request turns into, and the contract the schema carries for
 * the argument checks and the audit (list-contract.ts).
 */

export interface IndexedListOptions {
  /** Names `<typeName>Filter`, and `<typeName>Order` unless `orderTypeName` is given. */
  typeName: string;
  /** Lists of one type that offer the same orderings share one `<orderTypeName>Order` enum. */
  orderTypeName?: string;
  items: string;
  table: string;
  narrowedBy: string[];
  keys: Record<string, SortKey>;
  orderings: OfferedOrdering[];
  defaultOrder: string[];
  filters: Record<string, FilterSpec>;
}

type Types = typeof builder extends PothosSchemaTypes.SchemaBuilder<infer T> ? T : never;

export interface IndexedList {
  contract: ListContract;
  orderEnum: EnumRef<Types, string, string>;
  filterInput: InputObjectRef<Types, Record<string, unknown>>;
  filters: Record<string, FilterSpec>;
  items: string;
}

const orderEnums = new Map<string, { ref: EnumRef<Types, string, string>; offered: string }>();

function orderEnum({ typeName, orderTypeName = typeName, items, keys, orderings }: IndexedListOptions): EnumRef<Types, string, string> {
  const offered = orderings.map(orderingLabel).join(', ');
  const shared = orderEnums.get(orderTypeName);
  if (shared && shared.offered !== offered) throw new Error(`${orderTypeName}Order is shared by lists that offer different orderings`);
  if (shared) return shared.ref;
  const values: Record<string, { description: string }> = {};
  for (const [key, { description }] of Object.entries(keys)) {
    values[`${key}_ASC`] = { description: `${description}, ascending.` };
    values[`${key}_DESC`] = { description: `${description}, descending.` };
  }
  const ref = builder.enumType<string, Record<string, { description: string }>>(`${orderTypeName}Order`, {
    description: `A sort key of ${items}. Each ordering an index serves is offered, as written or with every direction reversed: ${offered}; the id breaks ties.`,
    values,
  });
  orderEnums.set(orderTypeName, { ref, offered });
  return ref;
}

function filterInput({ typeName, items, filters }: IndexedListOptions): InputObjectRef<Types, Record<string, unknown>> {
  return builder.inputType(`${typeName}Filter`, {
    description: `Narrows the ${items}: the given fields combine with AND; an absent or null field does not narrow.`,
    fields: (t) =>
      Object.fromEntries(
        Object.entries(filters).map(([name, spec]) => [name, t.field({ type: spec.type as never, required: false, description: spec.description })]),
      ),
  }) as never;
}

export function indexedList(options: IndexedListOptions): IndexedList {
  const { table, narrowedBy, keys, orderings, defaultOrder, filters } = options;
  const contract: ListContract = {
    table,
    narrowedBy,
    keys,
    orderings,
    defaultOrder,
    filters: Object.entries(filters).map(([field, spec]) => ({ field, column: spec.column, served: spec.served })),
  };
  return { contract, orderEnum: orderEnum(options), filterInput: filterInput(options), filters, items: options.items };
}

/** The `orderBy` and `filter` arguments of a list's connection field. */
export function listArgs(t: { arg: ArgBuilder<Types> }, list: IndexedList) {
  const offered = list.contract.orderings.map(orderingLabel).join(', ');
  const defaultOrder = `[${list.contract.defaultOrder.join(', ')}]`;
  return {
    orderBy: t.arg({
      type: [list.orderEnum],
      required: false,
      description: `The order of the ${list.items}: one of ${offered} (or any of them with every direction reversed); anything else is BAD_USER_INPUT. Default ${defaultOrder}. A cursor only continues the ordering and filter it came from.`,
    }),
    filter: t.arg({ type: list.filterInput, required: false, description: `Only the ${list.items} that match all of the given conditions.` }),
  };
}

/** Prisma's orderBy for a request: its keys, then the id in the last key's direction unless the keys are unique. */
function prismaOrder(list: IndexedList, args: ListArguments) {
  const requested = requestedOrder(list.contract, args);
  const parts = requested.map(parseOrderValue);
  const orderBy = parts.map(({ key, direction }) => ({ [list.contract.keys[key].column]: direction }));
  // The argument check refused orderings no index serves before anything ran.
  const unique = offeredOrdering(list.contract, [...requested])?.unique ?? false;
  return unique ? orderBy : [...orderBy, { id: parts[parts.length - 1].direction }];
}

/** The Prisma conditions of the `filter` argument, one per given field (they combine with AND). */
export function filterConditions(list: IndexedList, filter: Record<string, unknown> | null | undefined): Record<string, unknown>[] {
  if (!filter) return [];
  return Object.entries(filter).flatMap(([name, value]) => {
    const spec = list.filters[name];
    const condition = value == null ? undefined : spec.where(value as never, `filter.${name}`);
    return condition ? [{ [spec.column]: condition }] : [];
  });
}

/**
 * Continues after (or before) the cursor's row. The Prisma plugin has already made a cursor of the
 * whole tagged value; this replaces it with the row id (the tag was checked against the request's
 * ordering and filter before anything ran, in input/cursor.ts).
 */
function continueAfter(args: ListArguments) {
  const cursor = (args.after ?? args.before) as string | null | undefined;
  const row = cursor ? decodeListCursor(cursor) : undefined;
  return row ? { cursor: { id: row.id } } : {};
}

/** The `query` of a list's connection: the filter and the old plain arguments' conditions, order and cursor. */
export function listQuery(list: IndexedList, args: ListArguments, conditions: Record<string, unknown>[] = []) {
  const given = conditions.filter((condition) => Object.keys(condition).length > 0);
  const where = [...given, ...filterConditions(list, args.filter as Record<string, unknown> | null)];
  return { where: where.length ? { AND: where } : {}, orderBy: prismaOrder(list, args), ...continueAfter(args) };
}

/** The connection field's extensions: its contract, read by the argument checks and the audit. */
export const listExtensions = (list: IndexedList) => ({ [LIST_CONTRACT]: list.contract });
