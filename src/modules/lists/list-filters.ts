import { builder } from '../../graphql/builder.js';
import { badInput } from '../../graphql/errors.js';
import { decodeRowId, NO_TENANT } from '../ids.js';
import { MAX_PAGE_SIZE } from '../page-size.js';
import type { FilterService } from './list-contract.js';

/**
 * The filters a list offers, each built from one of these kinds: `{ eq, in }` on an enum, an id or a
 * short string column, `{ gte, gt, lte, lt }` on a timestamp, and a name search. A filter spec says
 * which column it reads and how an index serves it (for the audit), and turns the client's value
 * into the Prisma condition on that column.
 */

type Condition = Record<string, unknown>;

export interface FilterSpec {
  column: string;
  served: FilterService;
  type: unknown;
  description: string;
  where: (value: never, field: string) => Condition | undefined;
}

interface Choice<T> {
  eq?: T | null;
  in?: readonly T[] | null;
}

/** At most a page's worth of values in one `in`: a longer list is a request to list everything. */
function checkedChoice<T>(choice: Choice<T>, field: string): Choice<T> {
  if (choice.in && choice.in.length > MAX_PAGE_SIZE) throw badInput(`${field}.in`, `takes at most ${MAX_PAGE_SIZE} values`);
  return choice;
}

function choiceCondition<T>(choice: Choice<T>, field: string, toColumn: (value: T) => unknown = (value) => value): Condition | undefined {
  const { eq, in: oneOf } = checkedChoice(choice, field);
  const condition: Condition = {};
  if (eq != null) condition.equals = toColumn(eq);
  if (oneOf != null) condition.in = oneOf.map(toColumn);
  return Object.keys(condition).length ? condition : undefined;
}

const choiceDescription = (what: string) => ({
  eq: `Only items whose ${what} is this value.`,
  in: `Only items whose ${what} is one of these values (at most ${MAX_PAGE_SIZE}; an empty list matches nothing).`,
});

const enumChoices = new Map<string, unknown>();

/** `<Enum>Filter { eq, in }`, made once per enum and shared by every list that filters by it. */
function enumChoiceInput(enumRef: { name: string }, enumName: string) {
  const existing = enumChoices.get(enumName);
  if (existing) return existing;
  const text = choiceDescription(`${enumName} value`);
  const input = builder.inputType(`${enumName}Filter`, {
    description: `Matches a ${enumName}: give \`eq\`, \`in\` or both (both must hold).`,
    fields: (t) => ({
      eq: t.field({ type: enumRef as never, required: false, description: text.eq }),
      in: t.field({ type: [enumRef] as never, required: false, description: text.in }),
    }),
  });
  enumChoices.set(enumName, input);
  return input;
}

const IdChoice = builder.inputType('IdFilter', {
  description: 'Matches a reference by global id: give `eq`, `in` or both. An id of another organization, or of another type, matches nothing.',
  fields: (t) => ({
    eq: t.id({ required: false, description: choiceDescription('reference').eq }),
    in: t.idList({ required: false, description: choiceDescription('reference').in }),
  }),
});

const StringChoice = builder.inputType('StringFilter', {
  description: 'Matches a short text exactly (case-sensitive): give `eq`, `in` or both.',
  fields: (t) => ({
    eq: t.string({ required: false, description: choiceDescription('text').eq }),
    in: t.stringList({ required: false, description: choiceDescription('text').in }),
  }),
});

const DateTimeRange = builder.inputType('DateTimeFilter', {
  description: 'Matches an instant within bounds; give any of them, all must hold. An item without this instant (null) never matches.',
  fields: (t) => ({
    gte: t.field({ type: 'DateTime', required: false, description: 'At or after this instant.' }),
    gt: t.field({ type: 'DateTime', required: false, description: 'Strictly after this instant.' }),
    lte: t.field({ type: 'DateTime', required: false, description: 'At or before this instant.' }),
    lt: t.field({ type: 'DateTime', required: false, description: 'Strictly before this instant.' }),
  }),
});

export function enumFilter(enumRef: { name: string }, enumName: string, column: string, description: string): FilterSpec {
  return { column, served: 'equality', type: enumChoiceInput(enumRef, enumName), description, where: (value: Choice<string>, field) => choiceCondition(value, field) };
}

export function stringFilter(column: string, description: string): FilterSpec {
  return { column, served: 'equality', type: StringChoice, description, where: (value: Choice<string>, field) => choiceCondition(value, field) };
}

/**
 * The database id in a global id of `typename`; an id of another type names no row of this list, so
 * it becomes an id no row has (the list narrows to nothing, as for another organization's id).
 */
function rowIdOf(typename: string, field: string) {
  return (globalId: string): string => {
    const decoded = decodeRowId(globalId, field);
    return decoded.typename === typename ? decoded.id : NO_TENANT;
  };
}

export function idFilter(typename: string, column: string, description: string): FilterSpec {
  return {
    column,
    served: 'equality',
    type: IdChoice,
    description,
    where: (value: Choice<string>, field) => choiceCondition(value, field, rowIdOf(typename, field)),
  };
}

export function rangeFilter(column: string, description: string): FilterSpec {
  return {
    column,
    served: 'range',
    type: DateTimeRange,
    description,
    where: (value: Record<string, Date | null | undefined>) => {
      const bounds = Object.fromEntries(Object.entries(value).filter(([, bound]) => bound != null));
      return Object.keys(bounds).length ? bounds : undefined;
    },
  };
}

export function searchFilter(column: string, description: string): FilterSpec {
  return { column, served: 'scan', type: 'String', description, where: (value: string) => (value ? { contains: value, mode: 'insensitive' } : undefined) };
}

/** Whether an optional instant is set (a key is revoked); read on the ordering's own index scan. */
export function presenceFilter(column: string, description: string): FilterSpec {
  return { column, served: 'scan', type: 'Boolean', description, where: (value: boolean) => (value ? { not: null } : { equals: null }) };
}
