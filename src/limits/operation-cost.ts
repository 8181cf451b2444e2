import {
  getNamedType,
  getNullableType,
  isCompositeType,
  isListType,
  Kind,
  valueFromASTUntyped,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLField,
  type GraphQLSchema,
  type OperationDefinitionNode,
  SchemaMetaFieldDef,
  TypeMetaFieldDef,
  type SelectionSetNode,
  type ValueNode,
} from 'graphql';
import { DEFAULT_PAGE_SIZE } from '../modules/page-size.js';

/**
 * The cost model: roughly, how many objects an operation can make the gateway load.
 *
 * - A field whose type is an object, interface or union costs 1 each time it is resolved; scalar
 *   and enum fields cost nothing (they come with their object's row).
 * - A field with a `first` or `last` argument (a connection) is a page: its page size is that
 *   argument, variables resolved, or the default page size (20) when neither is given. The page
 *   size multiplies the list fields directly beneath it (`edges`), not `pageInfo` or `totalCount`.
 * - A list field outside a connection is multiplied by the length of its list argument when it has
 *   one (`nodes(ids: [...])`), by its own `first`/`last` when it has those, and otherwise by 1
 *   (lists that can grow are connections, SPEC §6).
 * - Everything below a multiplied field is multiplied too, so pages nest:
 *   `organization { workflows(first: 50) { edges { node { executions(first: 50) { edges { node { id } } } } } } }`
 *   costs 1 + 1 + 50 × (1 + 1 + 1 + 50 × (1 + 1)) = 5152.
 * - Fragments are inlined where they are spread. `__typename` is a scalar; `__schema` and `__type`
 *   cost like any other object field.
 */

export type Variables = Readonly<Record<string, unknown>>;

function argumentValue(node: ValueNode, variables: Variables, defaults: Variables): unknown {
  if (node.kind === Kind.VARIABLE) return variables[node.name.value] ?? defaults[node.name.value];
  return valueFromASTUntyped(node, variables);
}

function variableDefaults(operation: OperationDefinitionNode): Variables {
  const defaults: Record<string, unknown> = {};
  for (const definition of operation.variableDefinitions ?? []) {
    if (definition.defaultValue) defaults[definition.variable.name.value] = valueFromASTUntyped(definition.defaultValue);
  }
  return defaults;
}

/**
 * The cost of `operation` under the model above. The document must have been validated against
 * `schema` (fields it does not know cost nothing).
 */
export function operationCost(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  fragments: Readonly<Record<string, FragmentDefinitionNode>>,
  variables: Variables = {},
  defaultPageSize = DEFAULT_PAGE_SIZE,
): number {
  const defaults = variableDefaults(operation);
  const memo = new Map<string, number>();

  function args(field: FieldNode): Record<string, unknown> {
    const values: Record<string, unknown> = {};
    for (const argument of field.arguments ?? []) values[argument.name.value] = argumentValue(argument.value, variables, defaults);
    return values;
  }

  function pageSize(definition: GraphQLField<unknown, unknown>, values: Record<string, unknown>): number | undefined {
    const paged = definition.args.some((arg) => arg.name === 'first' || arg.name === 'last');
    if (!paged) return undefined;
    const requested = values.first ?? values.last;
    return typeof requested === 'number' && requested >= 0 ? requested : defaultPageSize;
  }

  function listLength(values: Record<string, unknown>): number | undefined {
    const list = Object.values(values).find(Array.isArray);
    return list ? list.length : undefined;
  }

  function fieldDefinition(parent: GraphQLCompositeType, name: string): GraphQLField<unknown, unknown> | undefined {
    if (parent === schema.getQueryType() && name === SchemaMetaFieldDef.name) return SchemaMetaFieldDef;
    if (parent === schema.getQueryType() && name === TypeMetaFieldDef.name) return TypeMetaFieldDef;
    return 'getFields' in parent ? parent.getFields()[name] : undefined;
  }

  function fieldCost(parent: GraphQLCompositeType, field: FieldNode, parentPage: number | undefined): number {
    const definition = fieldDefinition(parent, field.name.value);
    if (!definition) return 0;
    const values = args(field);
    const page = pageSize(definition, values);
    const isList = isListType(getNullableType(definition.type));
    const times = isList ? (page ?? parentPage ?? listLength(values) ?? 1) : 1;
    const type = getNamedType(definition.type);
    if (!isCompositeType(type) || !field.selectionSet) return 0;
    return times * (1 + selectionSetCost(type, field.selectionSet, isList ? undefined : page));
  }

  function selectionSetCost(type: GraphQLCompositeType, set: SelectionSetNode, page: number | undefined): number {
    let cost = 0;
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) {
        cost += fieldCost(type, selection, page);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const condition = selection.typeCondition ? schema.getType(selection.typeCondition.name.value) : type;
        if (condition && isCompositeType(condition)) cost += selectionSetCost(condition, selection.selectionSet, page);
      } else {
        cost += fragmentCost(selection.name.value, page);
      }
    }
    return cost;
  }

  function fragmentCost(name: string, page: number | undefined): number {
    const key = `${name}:${page ?? ''}`;
    const known = memo.get(key);
    if (known !== undefined) return known;
    memo.set(key, 0);
    const fragment = fragments[name];
    const condition = fragment && schema.getType(fragment.typeCondition.name.value);
    const cost = condition && isCompositeType(condition) ? selectionSetCost(condition, fragment.selectionSet, page) : 0;
    memo.set(key, cost);
    return cost;
  }

  const root = schema.getRootType(operation.operation);
  return root ? selectionSetCost(root, operation.selectionSet, undefined) : 0;
}
