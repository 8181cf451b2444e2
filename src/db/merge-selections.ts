import { isDeepStrictEqual } from 'node:util';

/** Prisma read arguments as Pothos builds them from a selection set: `select` or `include`, plus relation arguments. */
export type ReadArgs = Record<string, unknown>;

type Selection = Record<string, unknown>;

const SELECTIONS = ['select', 'include'] as const;

/** Two values of one key of a selection: `true` (a scalar, or a relation's own columns) or nested arguments. */
function mergeEntry(a: unknown, b: unknown): unknown {
  if (isDeepStrictEqual(a, b)) return a;
  // `true` on a relation loads its columns, which an `include` below it loads as well; a nested
  // `select` may name fewer, so that pair does not merge.
  if (a === true && isIncludeOnly(b)) return b;
  if (b === true && isIncludeOnly(a)) return a;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return undefined;
  return mergeReadArgs(a as ReadArgs, b as ReadArgs);
}

const isIncludeOnly = (value: unknown) =>
  typeof value === 'object' && value !== null && Object.keys(value).every((key) => key === 'include');

function mergeSelection(a: Selection, b: Selection): Selection | undefined {
  const merged: Selection = { ...a };
  for (const [key, value] of Object.entries(b)) {
    if (!(key in merged)) merged[key] = value;
    else {
      const entry = mergeEntry(merged[key], value);
      if (entry === undefined) return undefined;
      merged[key] = entry;
    }
  }
  return merged;
}

/**
 * One set of read arguments whose result answers both selections, or undefined when they cannot
 * share a read: the same relation under different arguments (a filter, an order, a page), or one
 * side naming columns (`select`) where the other loads the row (`include` or nothing).
 */
export function mergeReadArgs(a: ReadArgs, b: ReadArgs): ReadArgs | undefined {
  const [kindA, kindB] = [SELECTIONS.find((kind) => kind in a), SELECTIONS.find((kind) => kind in b)];
  const rest = (args: ReadArgs) => Object.fromEntries(Object.entries(args).filter(([key]) => !(SELECTIONS as readonly string[]).includes(key)));
  if (!isDeepStrictEqual(rest(a), rest(b))) return undefined;
  if (kindA === undefined && kindB === undefined) return a;
  // No selection at all loads the row's columns, which is what an `include` adds its relations to.
  if (kindA !== (kindB ?? 'include') && kindB !== (kindA ?? 'include')) return undefined;
  const kind = (kindA ?? kindB)!;
  const selection = mergeSelection((a[kind] ?? {}) as Selection, (b[kind] ?? {}) as Selection);
  return selection && { ...rest(a), [kind]: selection };
}

/** Whether a read made with `issued` already answers `wanted`. */
export const coversReadArgs = (issued: ReadArgs, wanted: ReadArgs) => isDeepStrictEqual(mergeReadArgs(issued, wanted), issued);
