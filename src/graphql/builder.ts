import SchemaBuilder from '@pothos/core';
import PrismaPlugin from '@pothos/plugin-prisma';
import RelayPlugin from '@pothos/plugin-relay';
import { GraphQLError, GraphQLScalarType, Kind, type ValueNode } from 'graphql';
import type { Context } from './context.js';
import type PrismaTypes from '../generated/pothos-types.js';
import { getDatamodel } from '../generated/pothos-types.js';
import type { PrismaClient } from '../generated/prisma/client.js';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../modules/page-size.js';
import { namesNode } from '../modules/ids.js';
import { JSON_BOUNDS, TEXT_BOUNDS } from '../input/storable-value.js';

/** Sets up the builder, its plugins and scalars. Types live in src/modules/<domain>/. */

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

export const builder = new SchemaBuilder<{
  Context: Context;
  PrismaTypes: PrismaTypes;
  DefaultFieldNullability: false;
  DefaultInputFieldRequiredness: true;
  Scalars: {
    DateTime: { Input: Date; Output: Date | string };
    JSON: { Input: JsonValue; Output: unknown };
    ID: { Input: string; Output: string };
  };
}>({
  plugins: [PrismaPlugin, RelayPlugin],
  defaultFieldNullability: false,
  defaultInputFieldRequiredness: true,
  prisma: {
    client: (ctx) => ctx.db.prisma as PrismaClient,
    dmmf: getDatamodel(),
    exposeDescriptions: false,
    filterConnectionTotalCount: true,
    // A resolver that forgets to spread `...query` would silently lose batching: fail loudly instead.
    // The test suite exercises every resolver, so this fires there long before production.
    onUnusedQuery: 'error',
  },
  relay: {
    clientMutationId: 'omit',
    cursorType: 'String',
    nodesOnConnection: false,
    // The Relay building blocks are described once here; every connection and node shares them.
    nodeTypeOptions: { description: 'Anything with a global id: fetch it again with `node(id:)`.' },
    idFieldOptions: { description: 'Opaque global id (Relay): pass it to `node`, `nodes` and the `…Id` inputs; do not parse it.' },
    nodeQueryOptions: {
      nullable: true,
      description:
        'The object with this global id, or null when it does not exist or belongs to another organization. Any authenticated caller; what it returns is then guarded by its own type (role or scope).',
      args: { id: { description: 'A global id from an `id` field.' } },
      resolve: (_root, args, _ctx, info, resolveNode) => (namesNode(info.schema, args.id) ? resolveNode(args.id) : null),
    },
    nodesQueryOptions: {
      nullable: { list: false, items: true },
      description: 'Several objects by global id, in the order asked; null for each id that does not exist or is another organization’s. Any authenticated caller.',
      args: { ids: { description: 'Global ids from `id` fields.' } },
      resolve: async (_root, args, _ctx, info, resolveNodes) => {
        const named = args.ids.map((id) => namesNode(info.schema, id));
        // Pothos resolves `args.ids` itself, whatever the callback is given: take the others out there.
        args.ids = args.ids.filter((_id, index) => named[index]);
        const found = await resolveNodes(args.ids);
        let next = 0;
        return named.map((names) => (names ? found[next++] : null));
      },
    },
    pageInfoTypeOptions: { description: 'Where a page sits in its list: pass `endCursor` as `after` to get the next one.' },
    hasNextPageFieldOptions: { description: 'More items follow this page (when paging forward with `first`).' },
    hasPreviousPageFieldOptions: { description: 'Items precede this page (when paging backward with `last`).' },
    startCursorFieldOptions: { description: 'The cursor of the first item on this page; null for an empty page.' },
    endCursorFieldOptions: { description: 'The cursor of the last item on this page; null for an empty page.' },
    pageInfoFieldOptions: { description: 'Cursors and whether more pages exist.' },
    edgesFieldOptions: { description: 'The items of this page, each with its cursor.' },
    cursorFieldOptions: { description: 'Opaque position of this item: pass it as `after` or `before`.' },
    nodeFieldOptions: { description: 'The item itself.' },
    firstArgOptions: { description: `Page size from the start (after \`after\`): 0 to ${MAX_PAGE_SIZE}, default ${DEFAULT_PAGE_SIZE}; more is BAD_USER_INPUT.` },
    lastArgOptions: { description: `Page size from the end (before \`before\`): 0 to ${MAX_PAGE_SIZE}; more is BAD_USER_INPUT.` },
    afterArgOptions: { description: 'Start after this cursor (an `endCursor` or edge `cursor`).' },
    beforeArgOptions: { description: 'End before this cursor (a `startCursor` or edge `cursor`).' },
  },
});

/** Said once on each root type: the bounds every String and ID argument and input field shares. */
const TEXT_INPUTS = `Every String and ID argument and input field: ${TEXT_BOUNDS} (a field may say less); otherwise BAD_USER_INPUT naming it in extensions.field.`;

builder.queryType({
  description: `Reads. Without credentials only \`viewer\` (null) and \`__typename\` answer; the rest needs a bearer token or an API key, and a role or scope as each field says. ${TEXT_INPUTS}`,
});
builder.mutationType({
  description:
    `Writes. Each takes one \`input\` and returns a payload named after what it changed; each commits its change and an audit log entry together. Tenant mutations act on the active organization. ${TEXT_INPUTS}`,
});
builder.subscriptionType({
  description: `Live updates, over WebSocket only (graphql-transport-ws at /graphql). Each subscribe passes the same credentials, limits and rules as an HTTP request. ${TEXT_INPUTS}`,
});

function parseDateTime(value: unknown): Date {
  const date = typeof value === 'string' ? new Date(value) : undefined;
  if (!date || Number.isNaN(date.getTime()) || !/^\d{4}-\d{2}-\d{2}T/.test(value as string)) {
    throw new GraphQLError('DateTime must be an ISO-8601 string such as 2026-01-31T12:00:00Z', {
      extensions: { code: 'BAD_USER_INPUT' },
    });
  }
  return date;
}

builder.addScalarType(
  'DateTime',
  new GraphQLScalarType({
    name: 'DateTime',
    description: 'An instant as an ISO-8601 string, e.g. 2026-01-31T12:00:00Z; returned in UTC. Anything else is BAD_USER_INPUT.',
    serialize: (value) => (value instanceof Date ? value.toISOString() : String(value)),
    parseValue: parseDateTime,
    parseLiteral: (ast) => parseDateTime(ast.kind === Kind.STRING ? ast.value : undefined),
  }),
);

function literalToJson(ast: ValueNode, variables?: Record<string, unknown> | null): unknown {
  switch (ast.kind) {
    case Kind.STRING:
    case Kind.BOOLEAN:
      return ast.value;
    case Kind.INT:
    case Kind.FLOAT:
      return Number(ast.value);
    case Kind.NULL:
      return null;
    case Kind.LIST:
      return ast.values.map((value) => literalToJson(value, variables));
    case Kind.OBJECT:
      return Object.fromEntries(ast.fields.map((field) => [field.name.value, literalToJson(field.value, variables)]));
    case Kind.VARIABLE:
      return variables?.[ast.name.value];
    default:
      throw new GraphQLError('Invalid JSON literal', { extensions: { code: 'BAD_USER_INPUT' } });
  }
}

builder.addScalarType(
  'JSON',
  new GraphQLScalarType({
    name: 'JSON',
    description: `Any JSON value (object, array, string, number, boolean or null). Inputs are ${JSON_BOUNDS}, and have size limits given where they are accepted; otherwise BAD_USER_INPUT naming the field. Objects come back with their keys in PostgreSQL's jsonb order (shorter keys first), not the order sent.`,
    serialize: (value) => value,
    parseValue: (value) => value,
    parseLiteral: literalToJson,
  }),
);
